package dev.retrykit.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.retrykit.core.CallOptions;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitBreakerConfig;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.budget.RetryBudgetConfig;
import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceStatisticsTest {

    private final ManualClock clock = new ManualClock();
    private ServiceRegistry registry;

    @AfterEach
    void closeRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    // ------------------------------------------------------------------ since start

    @Test
    void callsServedByTheFallbackAreNotSuccesses() {
        GuardedService service = service();
        CallOptions withFallback = CallOptions.builder().fallback(failure -> "cached", List.of()).build();

        for (int i = 0; i < 8; i++) {
            assertThat(service.<String>call(() -> {
                throw new IOException("down");
            }, withFallback)).isEqualTo("cached");
        }

        ServiceStatistics statistics = service.statistics();
        assertThat(statistics.calls()).isEqualTo(8);
        assertThat(statistics.successes()).isZero();
        assertThat(statistics.count(Outcome.FALLBACK)).isEqualTo(8);
        assertThat(statistics.successRate()).isEqualTo(0.0);
        assertThat(statistics.fallbackRate()).isEqualTo(1.0);
        assertThat(statistics.recentSuccessRate()).isEqualTo(0.0);
    }

    @Test
    void successRateCountsEveryOutcomeInTheDenominator() {
        GuardedService service = service();
        service.call(() -> "ok");
        service.call(() -> "ok");
        failWith(service, new IOException("down"));                      // exhausted after 3 attempts
        failWith(service, new IllegalArgumentException("bad"));          // failure, not retried
        service.call(() -> {
            throw new IOException("down");
        }, CallOptions.builder().fallback(failure -> "cached", List.of()).build());
        service.circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);
        failWith(service, null);                                         // rejected before any attempt

        ServiceStatistics statistics = service.statistics();
        assertThat(statistics.calls()).isEqualTo(6);
        assertThat(statistics.successes()).isEqualTo(2);
        assertThat(statistics.failures()).isEqualTo(2);
        assertThat(statistics.count(Outcome.FALLBACK)).isEqualTo(1);
        assertThat(statistics.count(Outcome.REJECTED)).isEqualTo(1);
        assertThat(statistics.successRate()).isEqualTo(2.0 / 6);
        assertThat(statistics.fallbackRate()).isEqualTo(1.0 / 6);
    }

    @Test
    void budgetRefusedCallsAreNotSuccesses() {
        GuardedService service = service(ServicePolicy.builder().strategy("fixed").baseDelay(Duration.ofMillis(100))
                .maxDelay(Duration.ofSeconds(1)).maxAttempts(3).retryOn(IOException.class)
                // one token: the first retry spends it, the second is refused
                .budget(new RetryBudgetConfig(true, 0, 0, 0, 0, 1)));

        failWith(service, new IOException("down"));

        assertThat(service.statistics().count(Outcome.BUDGET_EXHAUSTED)).isEqualTo(1);
        assertThat(service.statistics().successRate()).isEqualTo(0.0);
    }

    @Test
    void ratesAreUndefinedBeforeTheFirstCall() {
        ServiceStatistics statistics = new ServiceStatistics(clock);

        assertThat(statistics.successRate()).isNaN();
        assertThat(statistics.fallbackRate()).isNaN();
        assertThat(statistics.averageAttempts()).isZero();
        assertThat(statistics.recent().calls()).isZero();
        assertThat(statistics.recentSuccessRate()).isEqualTo(1.0);
    }

    @Test
    void averageAttemptsCountsOnlyCallsThatMadeAnAttempt() {
        ServiceStatistics statistics = new ServiceStatistics(clock);
        statistics.recordCall(Outcome.SUCCESS, 1);
        statistics.recordRetry(2);
        statistics.recordRetry(3);
        statistics.recordCall(Outcome.EXHAUSTED, 3);
        for (int i = 0; i < 6; i++) {
            statistics.recordCall(Outcome.REJECTED, 0);
        }

        assertThat(statistics.calls()).isEqualTo(8);
        assertThat(statistics.attemptedCalls()).isEqualTo(2);
        assertThat(statistics.attempts()).isEqualTo(4);
        assertThat(statistics.averageAttempts()).isEqualTo(2.0);
    }

    @Test
    void adaptiveBackoffSlowsDownWhileCallsAreAnsweredByTheFallback() {
        GuardedService service = service(ServicePolicy.builder().strategy("adaptive").baseDelay(Duration.ofMillis(100))
                .maxDelay(Duration.ofSeconds(10)).multiplier(2).maxAttempts(2).retryOn(IOException.class)
                .circuitBreaker(CircuitBreakerConfig.builder().enabled(false).build()));
        CallOptions withFallback = CallOptions.builder().fallback(failure -> "cached", List.of()).build();
        for (int i = 0; i < 8; i++) {
            service.call(() -> {
                throw new IOException("down");
            }, withFallback);
        }
        long sleptBefore = clock.sleptNanos();

        service.call(() -> {
            throw new IOException("down");
        }, withFallback);

        // recent success rate 0: the exponential delay times 1 + 3 * (1 - 0)
        assertThat(clock.sleptNanos() - sleptBefore).isEqualTo(Duration.ofMillis(400).toNanos());
    }

    // ------------------------------------------------------------------ recent window

    @Test
    void aWindowReadOnceAfterATotalOutageReportsTheOutage() {
        ServiceStatistics statistics = new ServiceStatistics(clock);
        for (int i = 0; i < 5; i++) {
            statistics.recordCall(Outcome.SUCCESS, 1);
        }
        clock.advanceMillis(40_000);
        for (int i = 0; i < 8; i++) {
            statistics.recordCall(Outcome.FALLBACK, 3);
            clock.advanceMillis(1_000);
        }
        clock.advanceMillis(2_000);

        ServiceStatistics.Recent recent = statistics.recent();

        assertThat(recent.calls()).isEqualTo(8);
        assertThat(recent.successes()).isZero();
        assertThat(recent.fallbacks()).isEqualTo(8);
        assertThat(statistics.recentSuccessRate()).isEqualTo(0.0);
    }

    @Test
    void theWindowMovesWithTheClockNotWithItsReaders() {
        ServiceStatistics statistics = new ServiceStatistics(clock);
        // one call every second for a minute: failures first, then successes; read only every 30 s, like a scrape
        for (int second = 0; second < 60; second++) {
            statistics.recordCall(second < 30 ? Outcome.EXHAUSTED : Outcome.SUCCESS, 1);
            clock.advanceMillis(1_000);
            if (second == 29) {
                // at 30 s the window's first slot began at 3 s: the calls of seconds 3 to 29
                assertThat(statistics.recent().calls()).isEqualTo(27);
                assertThat(statistics.recentSuccessRate()).isEqualTo(0.0);
            }
        }

        ServiceStatistics.Recent recent = statistics.recent();
        assertThat(recent.window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(recent.calls()).isEqualTo(27);
        assertThat(recent.successes()).isEqualTo(27);
    }

    @Test
    void callsLeaveTheWindowAfterThirtySecondsInThreeSecondSlots() {
        ServiceStatistics statistics = new ServiceStatistics(clock);
        clock.advanceMillis(10_000);
        statistics.recordCall(Outcome.EXHAUSTED, 1);     // in the slot 9..12 s

        clock.advanceMillis(28_999);                    // 38.999 s: the window's first slot began at 9 s
        assertThat(statistics.recent().calls()).isEqualTo(1);
        clock.advanceMillis(1);                         // 39 s: the window begins at 12 s
        assertThat(statistics.recent().calls()).isZero();
        assertThat(statistics.recentSuccessRate()).isEqualTo(1.0);
        assertThat(statistics.successRate()).isEqualTo(0.0);
    }

    @Test
    void aLongIdlePeriodForgetsTheOldCalls() {
        ServiceStatistics statistics = new ServiceStatistics(clock);
        statistics.recordCall(Outcome.EXHAUSTED, 1);
        clock.advanceMillis(3_600_000);
        statistics.recordCall(Outcome.SUCCESS, 1);
        statistics.recordCall(Outcome.SUCCESS, 1);

        ServiceStatistics.Recent recent = statistics.recent();
        assertThat(recent.calls()).isEqualTo(2);
        assertThat(recent.successRate()).isEqualTo(1.0);
    }

    private GuardedService service() {
        return service(ServicePolicy.builder().strategy("fixed").baseDelay(Duration.ofMillis(100))
                .maxDelay(Duration.ofSeconds(1)).maxAttempts(3).retryOn(IOException.class));
    }

    private GuardedService service(ServicePolicy.Builder policy) {
        registry = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock).build();
        return registry.register("orders", policy.build());
    }

    private static void failWith(GuardedService service, Exception failure) {
        Throwable thrown = catchThrowable(() -> service.call(() -> {
            throw failure;
        }));
        assertThat(thrown).isNotNull();
    }
}
