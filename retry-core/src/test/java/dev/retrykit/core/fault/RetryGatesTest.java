package dev.retrykit.core.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.core.AttemptTimeoutException;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.TimeoutConfig;
import dev.retrykit.core.budget.RetryBudgetConfig;
import dev.retrykit.core.hedge.HedgingConfig;
import dev.retrykit.core.testsupport.HangingDependency;
import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A retry or hedge refused by one gate spends nothing from the others, and hedges pass the gates of retries. */
class RetryGatesTest {

    private final ManualClock clock = new ManualClock();

    @Test
    void aRetryRefusedByTheGlobalBudgetKeepsTheServiceBudgetsToken() {
        RetryBudgetConfig oneGlobalRetry = new RetryBudgetConfig(true, 0.0, 0, 0, 0, 1);
        try (ServiceRegistry registry = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock)
                .globalBudget(oneGlobalRetry).build()) {
            GuardedService service = registry.register("gated", ServicePolicy.builder().strategy("immediate")
                    .maxAttempts(2).retryOn(IOException.class).build());
            AtomicInteger attempts = new AtomicInteger();
            service.call(() -> {
                if (attempts.incrementAndGet() == 1) {
                    throw new IOException("first attempt fails");
                }
                return "ok";
            });
            double before = service.budget().remaining();

            assertThatThrownBy(() -> service.call(() -> {
                throw new IOException("down");
            })).isInstanceOf(IOException.class);

            assertThat(service.statistics().count(Outcome.BUDGET_EXHAUSTED)).isEqualTo(1);
            assertThat(service.budget().remaining()).isGreaterThanOrEqualTo(before);
            assertThat(registry.globalRetryLimit().inFlight()).isZero();
        }
    }

    @Test
    void noHedgeRunsWhenTheGlobalLimitAllowsNoRetry() {
        HangingDependency dependency = HangingDependency.interruptible();
        try (ServiceRegistry registry = ServiceRegistry.builder().maxConcurrentRetries(0).build()) {
            GuardedService service = registry.register("hedged", ServicePolicy.builder().maxAttempts(1)
                    .timeout(new TimeoutConfig(Duration.ofMillis(300), null, false))
                    .hedging(new HedgingConfig(true, Duration.ofMillis(10), 1)).build());

            assertThatThrownBy(() -> service.call(dependency::call)).isInstanceOf(AttemptTimeoutException.class);

            assertThat(dependency.started()).isEqualTo(1);
        } finally {
            dependency.release();
        }
    }
}
