package dev.retrykit.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitState;
import java.util.Map;
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
            assertThat(health.getDetails()).containsOnlyKeys("store", "inventory", "payments");
            assertThat(health.getDetails().get("payments")).isEqualTo(Map.of("state", "CLOSED", "successRate", 0.5,
                    "score", 0.5, "status", "DEGRADED"));
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
            assertThat(health.getDetails().get("payments")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
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
}
