package dev.retrykit.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.spring.actuate.ServiceHealth.Status;
import org.junit.jupiter.api.Test;

class ServiceHealthTest {

    @Test
    void closedBreakerWithHighSuccessRateIsHealthy() {
        ServiceHealth health = ServiceHealth.of(CircuitState.CLOSED, 0.95);

        assertThat(health.score()).isEqualTo(0.95);
        assertThat(health.status()).isEqualTo(Status.HEALTHY);
        assertThat(health.breakerOpen()).isFalse();
    }

    @Test
    void lowerSuccessRateIsDegradedThenUnhealthy() {
        assertThat(ServiceHealth.of(CircuitState.CLOSED, 0.7).status()).isEqualTo(Status.DEGRADED);
        assertThat(ServiceHealth.of(CircuitState.CLOSED, 0.5).status()).isEqualTo(Status.DEGRADED);
        assertThat(ServiceHealth.of(CircuitState.CLOSED, 0.49).status()).isEqualTo(Status.UNHEALTHY);
    }

    @Test
    void halfOpenBreakerHalvesTheScore() {
        ServiceHealth health = ServiceHealth.of(CircuitState.HALF_OPEN, 1.0);

        assertThat(health.score()).isEqualTo(0.5);
        assertThat(health.status()).isEqualTo(Status.DEGRADED);
    }

    @Test
    void openOrForcedOpenBreakerIsUnhealthyWhateverTheSuccessRate() {
        for (CircuitState state : new CircuitState[] {CircuitState.OPEN, CircuitState.FORCED_OPEN}) {
            ServiceHealth health = ServiceHealth.of(state, 1.0);
            assertThat(health.score()).isZero();
            assertThat(health.status()).isEqualTo(Status.UNHEALTHY);
            assertThat(health.breakerOpen()).isTrue();
        }
    }

    @Test
    void disabledBreakerCountsLikeClosed() {
        assertThat(ServiceHealth.of(CircuitState.DISABLED, 1.0).status()).isEqualTo(Status.HEALTHY);
    }

    @Test
    void successRateOutsideZeroToOneIsClamped() {
        assertThat(ServiceHealth.of(CircuitState.CLOSED, 1.5).score()).isEqualTo(1.0);
        assertThat(ServiceHealth.of(CircuitState.CLOSED, -1).score()).isZero();
        assertThat(ServiceHealth.of(CircuitState.CLOSED, Double.NaN).score()).isZero();
    }

    @Test
    void serviceHealthFollowsItsCallsAndBreaker() {
        try (ServiceRegistry registry = RetryFixtures.registry("payments")) {
            GuardedService payments = registry.find("payments");
            RetryFixtures.succeed(payments);
            RetryFixtures.fail(payments);

            ServiceHealth health = ServiceHealth.of(payments);
            assertThat(health.successRate()).isEqualTo(0.5);
            assertThat(health.status()).isEqualTo(Status.DEGRADED);

            payments.circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);
            assertThat(ServiceHealth.of(payments).status()).isEqualTo(Status.UNHEALTHY);
        }
    }
}
