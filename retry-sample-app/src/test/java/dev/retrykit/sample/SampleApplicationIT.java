package dev.retrykit.sample;

import static dev.retrykit.test.RetryAssertions.retries;
import static dev.retrykit.test.RetryAssertions.virtualClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.test.RetryTest;
import dev.retrykit.test.ServiceCalls;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

/**
 * The sample end to end over real loopback HTTP: the flaky upstream, the clients, a real PostgreSQL. retrykit runs
 * on virtual time ({@link RetryTest}): waits between attempts, such as a server's Retry-After, pass at once.
 */
@RetryTest
@AutoConfigureMetrics
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"demo.traffic.enabled=false", "demo.upstream.failure-rate=0"})
class SampleApplicationIT {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };

    @LocalServerPort
    int port;

    private RestClient http;

    @BeforeEach
    void client() {
        http = RestClient.create("http://127.0.0.1:" + port);
    }

    @AfterEach
    void calmUpstream() {
        knobs(Map.of("failureRate", 0, "throttleRate", 0, "latencyMillis", 0));
    }

    private void knobs(Map<String, Number> values) {
        http.post().uri("/upstream/knobs").body(values).retrieve().toBodilessEntity();
    }

    @Test
    void theRetryBudgetNotTheBreakerStopsARetryStormDuringABrownout() {
        Map<String, Object> report = http.post().uri("/demo/retry-storm?calls=400&failureRate=0.5").retrieve().body(JSON);

        assertThat(report).containsEntry("calls", 400).containsEntry("breaker", "CLOSED");
        assertThat(((Number) report.get("amplificationWithoutBudget")).doubleValue()).isEqualTo(1.875);
        long upstreamRequests = ((Number) report.get("upstreamRequests")).longValue();
        // 400 calls + the budget's burst (20) + a tenth of the calls (40) + one retry per second of the run
        assertThat(upstreamRequests).isBetween(400L, 400L * 5 / 4);
        assertThat(((Number) report.get("budgetRejections")).longValue()).isPositive();
        assertThat(((Number) report.get("budgetExhaustedCalls")).longValue()).isPositive();
    }

    @Test
    void quotesAreServedStaleFromTheCacheWhileTheUpstreamIsDown() {
        Map<String, Object> fresh = http.get().uri("/api/quotes/ACME").retrieve().body(JSON);
        knobs(Map.of("failureRate", 1));

        Map<String, Object> stale = http.get().uri("/api/quotes/ACME").retrieve().body(JSON);

        assertThat(stale).isEqualTo(fresh);
    }

    @Test
    void paymentsTakeEffectExactlyOnceAlthoughAnswersGetLost() {
        long before = charges();
        knobs(Map.of("failureRate", 0.4));
        List<Map<String, Object>> receipts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            receipts.add(http.post().uri("/api/payments").body(Map.of("orderId", "it-" + i, "amount", 10)).retrieve().body(JSON));
        }
        knobs(Map.of("failureRate", 0));
        Map<String, Object> repeated = http.post().uri("/api/payments").body(Map.of("orderId", "it-0", "amount", 10)).retrieve().body(JSON);

        assertThat(charges() - before).isEqualTo(20);
        assertThat(repeated.get("chargeId")).isEqualTo(receipts.get(0).get("chargeId"));
    }

    private long charges() {
        return ((Number) http.get().uri("/upstream/payments/count").retrieve().body(JSON).get("charges")).longValue();
    }

    @Test
    void aiCallsWaitOutTooManyRequestsWithRetryAfter() {
        knobs(Map.of("throttleRate", 0.5));
        long sleptBefore = virtualClock().sleptNanos();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> answer = http.post().uri("/api/ai/complete").body(Map.of("prompt", "hi " + i)).retrieve().body(JSON);
            assertThat(answer).containsEntry("completion", "echo: hi " + i);
        }

        ServiceCalls calls = retries("claude-api");
        assertThat(calls).hadCalls(3);
        assertThat(calls.retries()).as("every other request is throttled").isPositive();
        assertThat(virtualClock().sleptNanos() - sleptBefore).as("each retry waited out Retry-After: 1")
                .isGreaterThanOrEqualTo(calls.retries() * 1_000_000_000L);
    }

    @Test
    void concurrentSerializableReservationsSurviveSerializationFailures() throws Exception {
        int before = ((Number) http.get().uri("/api/inventory/SKU-2").retrieve().body(JSON).get("quantity")).intValue();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Map<String, Object>>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                results.add(pool.submit(() -> http.post().uri("/api/inventory/SKU-2/reserve").retrieve().body(JSON)));
            }
            for (Future<Map<String, Object>> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).containsKey("quantity");
            }
        } finally {
            pool.shutdownNow();
        }
        int after = ((Number) http.get().uri("/api/inventory/SKU-2").retrieve().body(JSON).get("quantity")).intValue();
        assertThat(after).isEqualTo(before - 12);
    }

    @Test
    void actuatorShowsTheServicesAndPrometheusTheMetrics() {
        http.get().uri("/api/quotes/GLOBEX").retrieve().toBodilessEntity();

        Map<String, Object> retry = http.get().uri("/actuator/retry").retrieve().body(JSON);
        String prometheus = http.get().uri("/actuator/prometheus").retrieve().body(String.class);

        assertThat(retry).containsKeys("services", "global");
        assertThat(((Map<?, ?>) retry.get("services")).keySet()).map(Object::toString)
                .contains("quotes", "payments", "claude-api", "inventory");
        assertThat(prometheus).contains("retry_calls_total").contains("service=\"quotes\"");
    }
}
