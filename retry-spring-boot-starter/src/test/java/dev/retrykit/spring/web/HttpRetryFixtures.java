package dev.retrykit.spring.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.idempotency.IdempotentCalls;
import dev.retrykit.core.idempotency.InMemoryIdempotencyStore;
import dev.retrykit.core.time.ManualClock;
import java.time.Duration;

/** Shared set-up of the HTTP tests: a loopback WireMock server, a registry on virtual time, flaky endpoints. */
final class HttpRetryFixtures {

    /** The body every recovered endpoint answers. */
    static final String RECOVERED = "recovered";

    private HttpRetryFixtures() {
    }

    /** A WireMock server on a free loopback port, started and stopped around each test class. */
    static WireMockExtension loopbackServer() {
        return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    }

    /**
     * A registry whose clock, sleeper and scheduler are {@code clock}, so that backoff and {@code Retry-After} waits
     * cost no real time, with the starter's HTTP classifier.
     */
    static ServiceRegistry registry(ManualClock clock) {
        return ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock)
                .classifierProvider(new HttpStatusClassifierProvider()).build();
    }

    /** Keyed calls on virtual time with an in-memory store. */
    static IdempotentCalls idempotentCalls(ManualClock clock) {
        return new IdempotentCalls(new InMemoryIdempotencyStore(clock), clock, clock, Duration.ofMinutes(5), Duration.ZERO);
    }

    /** Every request gets {@code failure} once, then {@code 200 recovered}. */
    static void failOnceThenRecover(WireMockExtension server, ResponseDefinitionBuilder failure) {
        server.stubFor(any(anyUrl()).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(failure).willSetStateTo("recovered"));
        server.stubFor(any(anyUrl()).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withBody(RECOVERED)));
    }
}
