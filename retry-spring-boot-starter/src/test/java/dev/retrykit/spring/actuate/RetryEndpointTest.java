package dev.retrykit.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.CallOptions;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.spring.actuate.RetryEndpoint.ServiceDetails;
import dev.retrykit.spring.actuate.RetryEndpoint.UpdateRejection;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RetryEndpointTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ServiceRegistry registry = RetryFixtures.registry("inventory", "payments");
    private final RetryEndpoint endpoint = new RetryEndpoint(registry, RetryStoreStatus.inMemory());

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    @Test
    void listsEveryServiceWithExactlyTheSummaryFields() {
        registry.service("annotated-only", "cache");

        JsonNode json = JSON.valueToTree(endpoint.retry());

        assertThat(names(json)).containsExactly("services", "global");
        assertThat(names(json.get("services"))).containsExactly("annotated-only", "inventory", "payments");
        JsonNode summary = json.get("services").get("payments");
        assertThat(names(summary)).containsExactlyInAnyOrder("template", "strategy", "maxAttempts", "baseDelay",
                "maxDelay", "circuitBreaker", "budget", "bulkhead", "stats", "health");
        assertThat(names(summary.get("circuitBreaker"))).containsExactlyInAnyOrder("state", "failureRate",
                "slowCallRate", "bufferedCalls", "failedCalls", "notPermittedCalls", "openedAt", "nextTrialAt");
        assertThat(names(summary.get("budget"))).containsExactlyInAnyOrder("enabled", "remaining", "ratio", "rejected");
        assertThat(names(summary.get("bulkhead"))).containsExactlyInAnyOrder("maxConcurrentCalls", "availableCalls");
        assertThat(names(summary.get("stats"))).containsExactlyInAnyOrder("calls", "successes", "failures", "retries",
                "fallbacks", "rejected", "successRate", "fallbackRate", "averageAttempts");
        assertThat(names(summary.get("health"))).containsExactlyInAnyOrder("score", "status");
        assertThat(names(json.get("global"))).containsExactlyInAnyOrder("maxConcurrentRetries", "concurrentRetries",
                "budget", "store");
        assertThat(names(json.get("global").get("store"))).containsExactlyInAnyOrder("type", "reachable");
    }

    @Test
    void writesNamesAsInYamlStatesUpperCaseDurationsIsoRatesAsFractionsAndCountsAsIntegers() {
        GuardedService payments = registry.find("payments");
        RetryFixtures.succeed(payments);
        RetryFixtures.succeedAfter(payments, 1);
        RetryFixtures.fail(payments);
        RetryFixtures.fail(payments);

        JsonNode summary = JSON.valueToTree(endpoint.retry()).get("services").get("payments");

        assertThat(summary.get("template").asString()).isEqualTo("http-api");
        assertThat(summary.get("strategy").asString()).isEqualTo("fixed");
        assertThat(summary.get("maxAttempts").isInt()).isTrue();
        assertThat(summary.get("baseDelay").asString()).isEqualTo("PT0.001S");
        assertThat(summary.get("maxDelay").asString()).isEqualTo("PT0.002S");
        assertThat(summary.get("circuitBreaker").get("state").asString()).isEqualTo("CLOSED");
        assertThat(summary.get("circuitBreaker").get("bufferedCalls").asInt()).isEqualTo(9);
        assertThat(summary.get("circuitBreaker").get("failureRate").asDouble()).isEqualTo(7.0 / 9);
        JsonNode stats = summary.get("stats");
        assertThat(stats.get("calls").isIntegralNumber()).isTrue();
        assertThat(stats.get("calls").asLong()).isEqualTo(4);
        assertThat(stats.get("successes").asLong()).isEqualTo(2);
        assertThat(stats.get("failures").asLong()).isEqualTo(2);
        assertThat(stats.get("retries").asLong()).isEqualTo(5);
        assertThat(stats.get("successRate").asDouble()).isEqualTo(0.5);
        assertThat(stats.get("fallbackRate").asDouble()).isZero();
        assertThat(stats.get("averageAttempts").asDouble()).isEqualTo(9.0 / 4);
        assertThat(summary.get("budget").get("enabled").asBoolean()).isTrue();
        assertThat(summary.get("budget").get("remaining").isIntegralNumber()).isTrue();
        assertThat(summary.get("budget").get("ratio").asDouble()).isEqualTo(0.1);
        assertThat(summary.get("bulkhead").get("maxConcurrentCalls").asInt()).isEqualTo(20);
        assertThat(summary.get("bulkhead").get("availableCalls").asInt()).isEqualTo(20);
        assertThat(summary.get("health").get("status").asString()).isEqualTo("DEGRADED");
        assertThat(summary.get("health").get("score").asDouble()).isEqualTo(0.5);
        JsonNode global = JSON.valueToTree(endpoint.retry()).get("global");
        assertThat(global.get("maxConcurrentRetries").asInt()).isEqualTo(100);
        assertThat(global.get("concurrentRetries").asInt()).isZero();
        assertThat(global.get("store").get("type").asString()).isEqualTo("memory");
        assertThat(global.get("store").get("reachable").asBoolean()).isTrue();
    }

    @Test
    void ratesAreNullBeforeTheFirstCall() {
        JsonNode stats = JSON.valueToTree(endpoint.retry()).get("services").get("inventory").get("stats");

        assertThat(stats.get("calls").asLong()).isZero();
        assertThat(stats.get("successRate").isNull()).isTrue();
        assertThat(stats.get("fallbackRate").isNull()).isTrue();
        assertThat(stats.get("averageAttempts").asDouble()).isZero();
    }

    @Test
    void callsAnsweredByTheFallbackAreNotSuccesses() {
        GuardedService payments = registry.find("payments");
        payments.circuitBreaker().transitionTo(CircuitState.DISABLED);  // every call reaches the method
        CallOptions withFallback = CallOptions.builder().fallback(failure -> "stale", List.of()).build();
        for (int i = 0; i < 8; i++) {
            payments.call(() -> {
                throw new IOException("down");
            }, withFallback);
        }

        JsonNode summary = JSON.valueToTree(endpoint.retry()).get("services").get("payments");

        JsonNode stats = summary.get("stats");
        assertThat(stats.get("calls").asLong()).isEqualTo(8);
        assertThat(stats.get("successes").asLong()).isZero();
        assertThat(stats.get("fallbacks").asLong()).isEqualTo(8);
        assertThat(stats.get("successRate").asDouble()).isEqualTo(0.0);
        assertThat(stats.get("fallbackRate").asDouble()).isEqualTo(1.0);
        assertThat(stats.get("averageAttempts").asDouble()).isEqualTo(3.0);
        assertThat(summary.get("health").get("score").asDouble()).isZero();
        assertThat(summary.get("health").get("status").asString()).isEqualTo("UNHEALTHY");
    }

    @Test
    void averageAttemptsLeavesOutCallsRejectedBeforeTheirFirstAttempt() {
        GuardedService payments = registry.find("payments");
        RetryFixtures.succeedAfter(payments, 2);
        payments.circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);
        RetryFixtures.fail(payments);
        RetryFixtures.fail(payments);

        JsonNode stats = JSON.valueToTree(endpoint.retry()).get("services").get("payments").get("stats");

        assertThat(stats.get("calls").asLong()).isEqualTo(3);
        assertThat(stats.get("rejected").asLong()).isEqualTo(2);
        assertThat(stats.get("averageAttempts").asDouble()).isEqualTo(3.0);
        assertThat(stats.get("successRate").asDouble()).isEqualTo(1.0 / 3);
    }

    @Test
    void serviceDetailsAddRecentEventsNewestFirst() {
        GuardedService payments = registry.find("payments");
        RetryFixtures.succeedAfter(payments, 1);
        payments.circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);

        JsonNode details = JSON.valueToTree(endpoint.service("payments"));

        assertThat(details.get("circuitBreaker").get("state").asString()).isEqualTo("FORCED_OPEN");
        JsonNode events = details.get("events");
        assertThat(events.get(0).get("type").asString()).isEqualTo("STATE_TRANSITION");
        assertThat(events.get(0).get("message").asString()).isEqualTo("CLOSED->FORCED_OPEN");
        assertThat(events.get(events.size() - 1).get("type").asString()).isEqualTo("RETRY_SCHEDULED");
        assertThat(events.get(events.size() - 1).get("delay").asString()).startsWith("PT");
        assertThat(events.get(events.size() - 1).get("errorType").asString()).isEqualTo("java.io.IOException");
    }

    @Test
    void eventsAreBounded() {
        GuardedService payments = registry.find("payments");
        for (int i = 0; i < 2 * RetryEndpoint.MAX_EVENTS; i++) {
            RetryFixtures.fail(payments);
        }

        assertThat(endpoint.service("payments").events()).hasSizeLessThanOrEqualTo(RetryEndpoint.MAX_EVENTS);
    }

    @Test
    void unknownServiceIsNotFound() {
        assertThat(endpoint.service("nope")).isNull();
        assertThat(update("nope", "CLOSED", null, null, null, null, null, null).getStatus()).isEqualTo(404);
    }

    @Test
    void changesConfigurationAtRuntime() {
        WebEndpointResponse<Object> response = update("payments", null, "5", "PT0.5S", "2s", "exponential-jitter",
                "3", "0.2");

        assertThat(response.getStatus()).isEqualTo(200);
        ServicePolicy policy = registry.find("payments").policy();
        assertThat(policy.maxAttempts()).isEqualTo(5);
        assertThat(policy.backoff().baseDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.backoff().maxDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.strategy()).isEqualTo("exponential-jitter");
        assertThat(policy.backoff().multiplier()).isEqualTo(3.0);
        assertThat(policy.backoff().jitter()).isEqualTo(0.2);
        assertThat(policy.template()).isEqualTo("http-api");
        assertThat(((ServiceDetails) response.getBody()).maxAttempts()).isEqualTo(5);
        assertThat(endpoint.service("payments").events().get(0).message()).contains("maxAttempts=5");
    }

    @Test
    void acceptsDurationsInYamlForm() {
        assertThat(update("payments", null, null, "500ms", "1m", null, null, null).getStatus()).isEqualTo(200);

        assertThat(registry.find("payments").policy().backoff().baseDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(registry.find("payments").policy().backoff().maxDelay()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void forcesAndClosesTheBreaker() {
        assertThat(update("payments", "FORCED_OPEN", null, null, null, null, null, null).getStatus()).isEqualTo(200);
        assertThat(registry.find("payments").circuitBreaker().state()).isEqualTo(CircuitState.FORCED_OPEN);

        assertThat(update("payments", "DISABLED", null, null, null, null, null, null).getStatus()).isEqualTo(200);
        assertThat(registry.find("payments").circuitBreaker().state()).isEqualTo(CircuitState.DISABLED);

        assertThat(update("payments", "CLOSED", null, null, null, null, null, null).getStatus()).isEqualTo(200);
        assertThat(registry.find("payments").circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void changedMaxAttemptsWinsOverCallerOverrides() throws Exception {
        GuardedService payments = registry.find("payments");
        update("payments", null, "2", null, null, null, null, null);
        AtomicInteger attempts = new AtomicInteger();

        try {
            payments.call(() -> {
                attempts.incrementAndGet();
                throw new IOException("down");
            }, CallOptions.builder().maxAttempts(5).build());
        } catch (Exception expected) {
            assertThat(expected).isInstanceOf(IOException.class);
        }

        assertThat(attempts).hasValue(2);
    }

    @Test
    void invalidFieldIsRejectedAndNothingChanges() {
        ServicePolicy before = registry.find("payments").policy();

        List<WebEndpointResponse<Object>> responses = List.of(
                update("payments", "FORCED_OPEN", "0", null, null, null, null, null),
                update("payments", "FORCED_OPEN", "many", null, null, null, null, null),
                update("payments", "FORCED_OPEN", "4", null, null, "expo", null, null),
                update("payments", "FORCED_OPEN", "4", "soon", null, null, null, null),
                update("payments", "FORCED_OPEN", "4", "-PT1S", null, null, null, null),
                update("payments", "FORCED_OPEN", "4", "5s", "1s", null, null, null),
                update("payments", "FORCED_OPEN", "4", "PT30S", null, null, null, null),
                update("payments", "FORCED_OPEN", "4", null, null, null, "0.5", null),
                update("payments", "FORCED_OPEN", "4", null, null, null, null, "1.5"),
                update("payments", "HALF_OPEN", "4", null, null, null, null, null),
                update("payments", null, null, null, null, null, null, null));

        assertThat(responses).allSatisfy(response -> {
            assertThat(response.getStatus()).isEqualTo(400);
            assertThat(((UpdateRejection) response.getBody()).problems()).isNotEmpty();
        });
        assertThat(registry.find("payments").policy()).isSameAs(before);
        assertThat(registry.find("payments").circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(registry.find("payments").recentEvents().newestFirst()).isEmpty();
    }

    @Test
    void rejectionNamesEveryInvalidFieldWithItsValueAndWhatIsAllowed() {
        WebEndpointResponse<Object> response = update("payments", "HALF_OPEN", "0", null, null, "expo", null, null);

        assertThat(((UpdateRejection) response.getBody()).problems()).containsExactly(
                "circuitState: 'HALF_OPEN' cannot be set; use one of FORCED_OPEN, CLOSED, DISABLED",
                "maxAttempts: '0' must be at least 1",
                "strategy: 'expo' is not a strategy; use one of " + String.join(", ", registry.strategies().names()));
    }

    private WebEndpointResponse<Object> update(String service, String circuitState, String maxAttempts,
                                               String baseDelay, String maxDelay, String strategy, String multiplier,
                                               String jitter) {
        return endpoint.update(service, circuitState, maxAttempts, baseDelay, maxDelay, strategy, multiplier, jitter);
    }

    private static List<String> names(JsonNode node) {
        return List.copyOf(node.propertyNames());
    }
}
