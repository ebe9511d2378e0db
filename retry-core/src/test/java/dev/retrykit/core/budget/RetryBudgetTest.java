package dev.retrykit.core.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.time.ManualClock;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    private final ManualClock clock = new ManualClock();

    /** Ratio 0.1, no refill, no caps, burst 5. */
    private static RetryBudgetConfig config(double ratio, double minRetriesPerSecond, int perMinute, int perHour,
                                            int burst) {
        return new RetryBudgetConfig(true, ratio, minRetriesPerSecond, perMinute, perHour, burst);
    }

    private static int retriesAllowed(RetryBudget budget, int attempts) {
        int allowed = 0;
        for (int i = 0; i < attempts; i++) {
            if (budget.tryAcquireRetry()) {
                allowed++;
            }
        }
        return allowed;
    }

    private static void calls(RetryBudget budget, int count) {
        for (int i = 0; i < count; i++) {
            budget.onCall();
        }
    }

    @Test
    void freshBudgetStartsFullAtBurstCapacity() {
        RetryBudget budget = new RetryBudget(config(0.1, 0, 0, 0, 5), clock);

        assertThat(budget.remaining()).isEqualTo(5.0);
        assertThat(retriesAllowed(budget, 8)).isEqualTo(5);
        assertThat(budget.remaining()).isZero();
        assertThat(budget.rejected()).isEqualTo(3);
    }

    @Test
    void everyCallDepositsRatioTokens() {
        RetryBudget budget = new RetryBudget(config(0.1, 0, 0, 0, 5), clock);
        retriesAllowed(budget, 5);

        calls(budget, 19);
        assertThat(budget.remaining()).isCloseTo(1.9, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(retriesAllowed(budget, 3)).isEqualTo(1);
        calls(budget, 1);

        assertThat(retriesAllowed(budget, 3)).isEqualTo(1);
        assertThat(budget.remaining()).isZero();
    }

    @Test
    void balanceNeverExceedsBurstCapacity() {
        RetryBudget budget = new RetryBudget(config(1.0, 0, 0, 0, 5), clock);
        calls(budget, 100);

        assertThat(budget.remaining()).isEqualTo(5.0);
        assertThat(retriesAllowed(budget, 10)).isEqualTo(5);
    }

    @Test
    void minRetriesPerSecondRefillsAnEmptyBudgetOverTime() {
        RetryBudget budget = new RetryBudget(config(0.1, 2, 0, 0, 5), clock);
        retriesAllowed(budget, 5);
        assertThat(budget.tryAcquireRetry()).isFalse();

        clock.advanceMillis(1_000);

        assertThat(budget.remaining()).isEqualTo(2.0);
        assertThat(retriesAllowed(budget, 5)).isEqualTo(2);
    }

    @Test
    void refillAddsUpOverManySmallSteps() {
        RetryBudget budget = new RetryBudget(config(0.1, 1, 0, 0, 5), clock);
        retriesAllowed(budget, 5);
        for (int i = 0; i < 10; i++) {
            clock.advanceMillis(100);
            budget.tryAcquireRetry();
        }

        assertThat(budget.rejected()).isEqualTo(9);
    }

    @Test
    void refillStopsAtBurstCapacity() {
        RetryBudget budget = new RetryBudget(config(0.1, 10, 0, 0, 5), clock);
        retriesAllowed(budget, 5);

        clock.advanceMillis(60_000);

        assertThat(budget.remaining()).isEqualTo(5.0);
        assertThat(retriesAllowed(budget, 10)).isEqualTo(5);
    }

    @Test
    void perMinuteCapRefusesRetriesUntilTheOldestLeavesTheMinute() {
        RetryBudget budget = new RetryBudget(config(0.1, 0, 3, 0, 100), clock);
        assertThat(retriesAllowed(budget, 5)).isEqualTo(3);

        clock.advanceMillis(59_999);
        assertThat(budget.tryAcquireRetry()).isFalse();
        clock.advanceMillis(1);

        assertThat(retriesAllowed(budget, 5)).isEqualTo(3);
        assertThat(budget.retriesInLastMinute()).isEqualTo(3);
    }

    @Test
    void perMinuteCapSlidesRatherThanResetting() {
        RetryBudget budget = new RetryBudget(config(0.1, 0, 2, 0, 100), clock);
        budget.tryAcquireRetry();
        clock.advanceMillis(30_000);
        budget.tryAcquireRetry();
        assertThat(budget.tryAcquireRetry()).isFalse();

        clock.advanceMillis(30_000);

        assertThat(budget.tryAcquireRetry()).isTrue();
        assertThat(budget.tryAcquireRetry()).isFalse();
    }

    @Test
    void perHourCapRefusesRetriesForTheRestOfTheHour() {
        RetryBudget budget = new RetryBudget(config(0.1, 0, 0, 4, 100), clock);
        assertThat(retriesAllowed(budget, 6)).isEqualTo(4);

        clock.advanceMillis(59 * 60_000);
        assertThat(budget.tryAcquireRetry()).isFalse();
        clock.advanceMillis(60_000);

        assertThat(retriesAllowed(budget, 6)).isEqualTo(4);
        assertThat(budget.retriesInLastHour()).isEqualTo(4);
    }

    @Test
    void retryRefusedByACapKeepsItsToken() {
        RetryBudget budget = new RetryBudget(config(0.1, 0, 2, 0, 10), clock);
        retriesAllowed(budget, 5);

        assertThat(budget.remaining()).isEqualTo(8.0);
    }

    @Test
    void retryRefusedForTokensDoesNotCountAgainstTheCaps() {
        RetryBudget budget = new RetryBudget(config(0.1, 0, 3, 0, 1), clock);
        assertThat(retriesAllowed(budget, 5)).isEqualTo(1);
        calls(budget, 10);
        assertThat(budget.tryAcquireRetry()).isTrue();
        calls(budget, 10);

        assertThat(budget.tryAcquireRetry()).isTrue();
        assertThat(budget.retriesInLastMinute()).isEqualTo(3);
    }

    @Test
    void disabledBudgetAllowsEveryRetry() {
        RetryBudget budget = new RetryBudget(RetryBudgetConfig.DISABLED, clock);

        assertThat(retriesAllowed(budget, 1_000)).isEqualTo(1_000);
        assertThat(budget.rejected()).isZero();
    }

    @Test
    void reconfigureCutsTheBalanceToTheNewBurstAndAppliesTheNewRatio() {
        RetryBudget budget = new RetryBudget(config(0.1, 0, 0, 0, 20), clock);
        RetryBudgetConfig smaller = config(0.5, 0, 0, 0, 3);

        budget.reconfigure(smaller);
        assertThat(budget.config()).isEqualTo(smaller);
        assertThat(budget.remaining()).isEqualTo(3.0);
        retriesAllowed(budget, 3);
        calls(budget, 2);

        assertThat(retriesAllowed(budget, 3)).isEqualTo(1);
    }

    @Test
    void reconfigureSettlesCallsMadeUnderTheOldRatio() {
        RetryBudget budget = new RetryBudget(config(0.5, 0, 0, 0, 10), clock);
        retriesAllowed(budget, 10);
        calls(budget, 4);

        budget.reconfigure(config(0.1, 0, 0, 0, 10));

        assertThat(budget.remaining()).isEqualTo(2.0);
    }

    @Test
    void drainsLocalActivityOnceAndAppliesRemoteActivity() {
        RetryBudget budget = new RetryBudget(config(0.5, 0, 0, 0, 10), clock);
        calls(budget, 4);
        retriesAllowed(budget, 3);

        assertThat(budget.drainLocalCalls()).isEqualTo(4);
        assertThat(budget.drainLocalRetries()).isEqualTo(3);
        assertThat(budget.drainLocalCalls()).isZero();
        assertThat(budget.drainLocalRetries()).isZero();

        budget.applyRemoteWithdrawals(6);
        assertThat(budget.remaining()).isEqualTo(1.0);
        budget.applyRemoteWithdrawals(5);
        assertThat(budget.remaining()).isZero();
        budget.applyRemoteCalls(4);
        assertThat(budget.remaining()).isEqualTo(2.0);
        budget.applyRemoteCalls(1_000);
        assertThat(budget.remaining()).isEqualTo(10.0);
        assertThat(budget.drainLocalCalls()).as("remote calls are not handed back as local ones").isZero();
    }
}
