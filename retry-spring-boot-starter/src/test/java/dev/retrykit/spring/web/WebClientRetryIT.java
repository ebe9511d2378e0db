package dev.retrykit.spring.web;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static dev.retrykit.spring.web.HttpRetryFixtures.RECOVERED;
import static dev.retrykit.spring.web.HttpRetryFixtures.failOnceThenRecover;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.time.ManualClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * A real {@link WebClient} (JDK connector) against a real HTTP server on loopback, each blocking exchange wrapped in
 * {@link GuardedService#call}, on the {@code http-api} template. Backoff runs on a virtual clock.
 */
class WebClientRetryIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @RegisterExtension
    static final WireMockExtension server = HttpRetryFixtures.loopbackServer();

    private final ManualClock clock = new ManualClock();
    private final AtomicInteger attempts = new AtomicInteger();
    private ServiceRegistry registry;
    private GuardedService service;
    private WebClient client;

    @BeforeEach
    void setUp() {
        registry = HttpRetryFixtures.registry(clock);
        service = registry.service("partner-api", "http-api");
        WebClient.Builder builder = WebClient.builder().baseUrl(server.baseUrl()).clientConnector(new JdkClientHttpConnector());
        new RetryWebClientCustomizer().customize(builder);
        client = builder.build();
    }

    @AfterEach
    void tearDown() {
        registry.close();
    }

    @Test
    void retriesServiceUnavailableUntilTheServerRecovers() {
        failOnceThenRecover(server, aResponse().withStatus(503));

        assertThat(get()).isEqualTo(RECOVERED);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void waitsAtLeastRetryAfterSecondsBeforeRetrying() {
        failOnceThenRecover(server, aResponse().withStatus(429).withHeader("Retry-After", "3"));

        assertThat(get()).isEqualTo(RECOVERED);
        assertThat(Duration.ofNanos(clock.sleptNanos())).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void notFoundIsNeitherRetriedNorCountedAsBreakerFailure() {
        failOnceThenRecover(server, aResponse().withStatus(404));

        assertThatThrownBy(this::get).isInstanceOf(WebClientResponseException.NotFound.class);
        assertThat(attempts).hasValue(1);
        assertThat(service.circuitBreaker().metrics().failedCalls()).isZero();
    }

    @Test
    void retriesConnectionResetByPeer() {
        failOnceThenRecover(server, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        assertThat(get()).isEqualTo(RECOVERED);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void sendsIdempotencyKeyOfKeyedCallOnEveryAttempt() {
        failOnceThenRecover(server, aResponse().withStatus(503));

        String body = HttpRetryFixtures.idempotentCalls(clock).execute("partner-api", "order-42", this::post);

        assertThat(body).isEqualTo(RECOVERED);
        server.verify(2, anyRequestedFor(anyUrl()).withHeader(IdempotencyKeyInterceptor.HEADER, equalTo("order-42")));
    }

    @Test
    void sendsNoIdempotencyKeyOutsideKeyedCall() {
        failOnceThenRecover(server, aResponse().withStatus(503));

        assertThat(post()).isEqualTo(RECOVERED);
        server.verify(2, anyRequestedFor(anyUrl()).withHeader(IdempotencyKeyInterceptor.HEADER, absent()));
    }

    private String get() {
        return service.call(() -> {
            attempts.incrementAndGet();
            return client.get().uri("/quotes/ACME").retrieve().bodyToMono(String.class).block(TIMEOUT);
        });
    }

    private String post() {
        return service.call(() -> {
            attempts.incrementAndGet();
            return client.post().uri("/payments").bodyValue("{\"amount\":10}").retrieve().bodyToMono(String.class)
                    .block(TIMEOUT);
        });
    }
}
