package dev.retrykit.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.CallOptions;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitState;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class RetryHealthIndicatorTest {

    @Test
    void reportsEveryServiceWithStateSuccessRateScoreAndStatus() {
        try (ServiceRegistry registry = RetryFixtures.registry("inventory", "payments")) {
            RetryFixtures.succeed(registry.find("payments"));
            RetryFixtures.fail(registry.find("payments"));

            Health health = new RetryHealthIndicator(registry, RetryStoreStatus.inMemory(), false).health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsOnlyKeys("store", "services");
            assertThat(services(health)).containsOnlyKeys("inventory", "payments");
            assertThat(services(health).get("payments")).isEqualTo(Map.of("state", "CLOSED", "successRate", 0.5,
                    "score", 0.5, "status", "DEGRADED"));
        }
    }

    @Test
    void aServiceNamedStoreDoesNotCollideWithTheStore() {
        try (ServiceRegistry registry = RetryFixtures.registry("store", "services")) {
            RetryFixtures.fail(registry.find("store"));

            Health health = new RetryHealthIndicator(registry, RetryStoreStatus.inMemory(), false).health();

            assertThat(health.getDetails().get("store")).isEqualTo(Map.of("type", "memory", "reachable", true));
            assertThat(services(health)).containsOnlyKeys("services", "store");
            assertThat(services(health).get("store")).isEqualTo(Map.of("state", "CLOSED", "successRate", 0.0,
                    "score", 0.0, "status", "UNHEALTHY"));
        }
    }

    @Test
    void aServiceAnsweredByItsFallbackIsUnhealthy() {
        try (ServiceRegistry registry = RetryFixtures.registry("quotes")) {
            registry.find("quotes").circuitBreaker().transitionTo(CircuitState.DISABLED);  // every call reaches the method
            CallOptions withFallback = CallOptions.builder().fallback(failure -> "stale", List.of()).build();
            for (int i = 0; i < 8; i++) {
                registry.find("quotes").call(() -> {
                    throw new IOException("down");
                }, withFallback);
            }

            Health health = new RetryHealthIndicator(registry, RetryStoreStatus.inMemory(), false).health();

            assertThat(services(health).get("quotes")).isEqualTo(Map.of("state", "DISABLED", "successRate", 0.0,
                    "score", 0.0, "status", "UNHEALTHY"));
        }
    }

    @Test
    void reportsTheStoreTypeAndWhetherItIsReachable() {
        try (ServiceRegistry registry = RetryFixtures.registry("payments")) {
            Health health = new RetryHealthIndicator(registry, RetryStoreStatus.inMemory(), false).health();

            assertThat(health.getDetails().get("store")).isEqualTo(Map.of("type", "memory", "reachable", true));
        }
    }

    @Test
    void unreachableStoreStaysUpEvenWhenDownOnOpen() {
        try (ServiceRegistry registry = RetryFixtures.registry("payments")) {
            RetryStoreStatus unreachableRedis = new RetryStoreStatus() {
                @Override
                public String type() {
                    return "redis";
                }

                @Override
                public boolean reachable() {
                    return false;
                }
            };

            Health health = new RetryHealthIndicator(registry, unreachableRedis, true).health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails().get("store")).isEqualTo(Map.of("type", "redis", "reachable", false));
        }
    }

    @Test
    void openBreakerStaysUpByDefault() {
        try (ServiceRegistry registry = RetryFixtures.registry("payments")) {
            registry.find("payments").circuitBreaker().transitionTo(CircuitState.OPEN);

            Health health = new RetryHealthIndicator(registry, RetryStoreStatus.inMemory(), false).health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(services(health).get("payments")).asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsEntry("state", "OPEN").containsEntry("status", "UNHEALTHY");
        }
    }

    @Test
    void openOrForcedOpenBreakerIsDownWhenDownOnOpen() {
        try (ServiceRegistry registry = RetryFixtures.registry("inventory", "payments")) {
            RetryHealthIndicator indicator = new RetryHealthIndicator(registry, RetryStoreStatus.inMemory(), true);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

            registry.find("payments").circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);

            registry.find("payments").circuitBreaker().transitionTo(CircuitState.OPEN);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);

            registry.find("payments").circuitBreaker().transitionTo(CircuitState.HALF_OPEN);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services(Health health) {
        return (Map<String, Object>) health.getDetails().get("services");
    }
}
