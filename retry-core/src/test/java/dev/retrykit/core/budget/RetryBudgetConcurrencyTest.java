package dev.retrykit.core.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.testsupport.RacingThreads;
import dev.retrykit.core.time.ManualClock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryBudgetConcurrencyTest {

    private static final int THREADS = 8;

    @Test
    void losesNoDepositAndNeverGoesNegativeWhenThreadsCallAndRetryTogether() throws InterruptedException {
        RetryBudget budget = new RetryBudget(new RetryBudgetConfig(true, 0.5, 0, 0, 0, 1_000), new ManualClock());
        for (int i = 0; i < 1_000; i++) {
            budget.tryAcquireRetry();
        }
        AtomicLong granted = new AtomicLong();
        AtomicBoolean negativeSeen = new AtomicBoolean();
        int callsPerThread = 20_000;

        RacingThreads.race(THREADS, thread -> {
            for (int i = 0; i < callsPerThread; i++) {
                budget.onCall();
                if (budget.tryAcquireRetry()) {
                    granted.incrementAndGet();
                }
                if (i % 64 == 0 && budget.remaining() < 0) {
                    negativeSeen.set(true);
                }
            }
        });

        double deposited = THREADS * callsPerThread * 0.5;
        assertThat(negativeSeen).isFalse();
        assertThat(budget.remaining()).isGreaterThanOrEqualTo(0);
        assertThat(granted.get() + budget.remaining()).isEqualTo(deposited);
        assertThat(budget.rejected() + granted.get()).isEqualTo((long) THREADS * callsPerThread);
    }

    @Test
    void grantsNoMoreThanTheBurstWhenThreadsRaceForAFullBudget() throws InterruptedException {
        RetryBudget budget = new RetryBudget(new RetryBudgetConfig(true, 0.1, 0, 0, 0, 500), new ManualClock());
        AtomicLong granted = new AtomicLong();

        RacingThreads.race(THREADS, thread -> {
            for (int i = 0; i < 1_000; i++) {
                if (budget.tryAcquireRetry()) {
                    granted.incrementAndGet();
                }
            }
        });

        assertThat(granted).hasValue(500);
        assertThat(budget.remaining()).isZero();
    }

    @Test
    void perMinuteCapHoldsWhenThreadsRaceForIt() throws InterruptedException {
        RetryBudget budget = new RetryBudget(new RetryBudgetConfig(true, 0.1, 0, 50, 0, 1_000), new ManualClock());
        AtomicLong granted = new AtomicLong();

        RacingThreads.race(THREADS, thread -> {
            for (int i = 0; i < 1_000; i++) {
                if (budget.tryAcquireRetry()) {
                    granted.incrementAndGet();
                }
            }
        });

        assertThat(granted.get()).isBetween(1L, 50L);
        assertThat(budget.retriesInLastMinute()).isEqualTo(granted.get());
    }
}
