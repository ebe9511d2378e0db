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
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * A real {@link RestClient} against a real HTTP server on loopback, each call wrapped in
 * {@link GuardedService#call}, on the {@code http-api} template. Backoff runs on a virtual clock.
 */
class RestClientRetryIT {

    /** Generous: a cold JVM's first exchange must not time out. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SHORT_READ_TIMEOUT = Duration.ofSeconds(1);

    @RegisterExtension
    static final WireMockExtension server = HttpRetryFixtures.loopbackServer();

    private final ManualClock clock = new ManualClock();
    private final AtomicInteger attempts = new AtomicInteger();
    private ServiceRegistry registry;
    private GuardedService service;
    private RestClient client;

    @BeforeEach
    void setUp() {
        registry = HttpRetryFixtures.registry(clock);
        service = registry.service("partner-api", "http-api");
        RestClient.Builder builder = RestClient.builder().baseUrl(server.baseUrl()).requestFactory(requestFactory(READ_TIMEOUT));
        new RetryRestClientCustomizer().customize(builder);
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
        server.verify(2, anyRequestedFor(anyUrl()));
    }

    @Test
    void waitsAtLeastRetryAfterSecondsBeforeRetrying() {
        failOnceThenRecover(server, aResponse().withStatus(429).withHeader("Retry-After", "3"));

        assertThat(get()).isEqualTo(RECOVERED);
        assertThat(clock.sleepCount()).isEqualTo(1);
        assertThat(Duration.ofNanos(clock.sleptNanos())).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void waitsUntilRetryAfterHttpDateBeforeRetrying() {
        String fiveSecondsLater = DateTimeFormatter.RFC_1123_DATE_TIME
                .format(Instant.ofEpochMilli(clock.currentTimeMillis() + 5_000).atOffset(ZoneOffset.UTC));
        failOnceThenRecover(server, aResponse().withStatus(429).withHeader("Retry-After", fiveSecondsLater));

        assertThat(get()).isEqualTo(RECOVERED);
        assertThat(clock.sleepCount()).isEqualTo(1);
        assertThat(Duration.ofNanos(clock.sleptNanos())).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void givesUpAtOnceWhenRetryAfterLiesBeyondMaxDelay() {
        failOnceThenRecover(server, aResponse().withStatus(429).withHeader("Retry-After", "120"));

        assertThatThrownBy(this::get).isInstanceOf(HttpClientErrorException.TooManyRequests.class);
        assertThat(attempts).hasValue(1);
        assertThat(clock.sleepCount()).isZero();
    }

    @Test
    void notFoundIsNeitherRetriedNorCountedAsBreakerFailure() {
        failOnceThenRecover(server, aResponse().withStatus(404));

        assertThatThrownBy(this::get).isInstanceOf(HttpClientErrorException.NotFound.class);
        assertThat(attempts).hasValue(1);
        assertThat(service.circuitBreaker().metrics().failedCalls()).isZero();
    }

    @Test
    void serverErrorOutsideRetryableCodesIsNotRetriedButCountedAsBreakerFailure() {
        failOnceThenRecover(server, aResponse().withStatus(501));

        assertThatThrownBy(this::get).isInstanceOf(HttpServerErrorException.NotImplemented.class);
        assertThat(attempts).hasValue(1);
        assertThat(service.circuitBreaker().metrics().failedCalls()).isEqualTo(1);
    }

    @Test
    void retriesConnectionResetByPeer() {
        failOnceThenRecover(server, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        assertThat(get()).isEqualTo(RECOVERED);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void retriesResponseSlowerThanReadTimeout() {
        failOnceThenRecover(server, aResponse().withStatus(200).withBody("too late").withFixedDelay(3_000));
        client = client.mutate().requestFactory(requestFactory(SHORT_READ_TIMEOUT)).build();

        assertThat(get()).isEqualTo(RECOVERED);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void retriesConnectionRefusedUntilAttemptsRunOut() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RestClient unreachable = client.mutate().baseUrl("http://127.0.0.1:" + closedPort).build();

        assertThatThrownBy(() -> service.call(() -> {
            attempts.incrementAndGet();
            return unreachable.get().uri("/quotes").retrieve().body(String.class);
        })).isInstanceOf(ResourceAccessException.class);
        assertThat(attempts).hasValue(3);
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

    @Test
    void keepsIdempotencyKeyTheCallerSetItself() {
        failOnceThenRecover(server, aResponse().withStatus(200).withBody("ok"));

        HttpRetryFixtures.idempotentCalls(clock).execute("partner-api", "order-42", () -> service.call(() ->
                client.post().uri("/payments").header(IdempotencyKeyInterceptor.HEADER, "chosen-by-caller")
                        .retrieve().body(String.class)));

        server.verify(1, anyRequestedFor(anyUrl()).withHeader(IdempotencyKeyInterceptor.HEADER, equalTo("chosen-by-caller")));
    }

    private static JdkClientHttpRequestFactory requestFactory(Duration readTimeout) {
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory();
        requestFactory.setReadTimeout(readTimeout);
        return requestFactory;
    }

    private String get() {
        return service.call(() -> {
            attempts.incrementAndGet();
            return client.get().uri("/quotes/ACME").retrieve().body(String.class);
        });
    }

    private String post() {
        return service.call(() -> {
            attempts.incrementAndGet();
            return client.post().uri("/payments").body("{\"amount\":10}").retrieve().body(String.class);
        });
    }
}
