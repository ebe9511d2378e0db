package dev.retrykit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.retrykit.core.breaker.CircuitBreakerConfig;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.budget.RetryBudgetConfig;
import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@link GuardedService#reset()} gives the next test a fresh service, as test support needs. */
class GuardedServiceResetTest {

    private final ManualClock clock = new ManualClock();
    private final ServiceRegistry registry = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock)
            .service("flaky", ServicePolicy.builder().maxAttempts(3).retryOn(IOException.class)
                    .circuitBreaker(CircuitBreakerConfig.builder().minimumCalls(2).slidingWindowSize(2).build())
                    .budget(new RetryBudgetConfig(true, 0.1, 0, 0, 0, 2))
                    .build())
            .build();
    private final GuardedService flaky = registry.service("flaky");

    @Test
    void resetClosesTheBreakerRefillsTheBudgetAndForgetsStatisticsAndEvents() {
        for (int i = 0; i < 3; i++) {
            catchThrowable(() -> flaky.call(() -> {
                throw new IOException("down");
            }));
        }
        assertThat(flaky.circuitBreaker().state()).isEqualTo(CircuitState.OPEN);
        assertThat(flaky.budget().remaining()).isLessThan(2);
        assertThat(flaky.statistics().calls()).isEqualTo(3);
        assertThat(flaky.recentEvents().newestFirst()).isNotEmpty();

        flaky.reset();

        assertThat(flaky.circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(flaky.circuitBreaker().metrics().bufferedCalls()).isZero();
        assertThat(flaky.budget().remaining()).isEqualTo(2);
        assertThat(flaky.budget().rejected()).isZero();
        assertThat(flaky.statistics().calls()).isZero();
        assertThat(flaky.statistics().retries()).isZero();
        assertThat(flaky.recentEvents().newestFirst()).isEmpty();
        assertThat(flaky.call(() -> "up")).isEqualTo("up");
        assertThat(flaky.statistics().calls()).isEqualTo(1);
    }
}
