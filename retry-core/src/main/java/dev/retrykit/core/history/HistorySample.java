package dev.retrykit.core.history;

import dev.retrykit.core.Outcome;
import dev.retrykit.core.breaker.CircuitState;
import java.util.Objects;

/**
 * One interval of one service. Counts are of calls that finished (and attempts that started or failed) within the
 * interval; the budget, bulkhead and breaker state are as they stood when the sample was taken.
 *
 * @param epochMillis       when the sample was taken (the end of its interval), on the wall clock of the recorder's
 *                          clock
 * @param outcomes          calls finished in the interval, indexed by {@link Outcome#ordinal()}; do not modify
 * @param attempts          attempts started in the interval
 * @param failedAttempts    attempts that failed in the interval
 * @param retries           attempts after the first started in the interval
 * @param p95Nanos          95th percentile of the duration of the calls that made an attempt and finished in the
 *                          interval (upper bound of a bucket, about 19 % wide), or -1 when there was none
 * @param budgetRemaining   retries the service's budget allows now, or {@link Double#NaN} when its budget is off
 * @param bulkheadAvailable attempts that could start now, or -1 when the service has no bulkhead
 * @param state             the breaker's state when the sample was taken
 * @param worstState        the most severe state the breaker was in during the interval (FORCED_OPEN, then OPEN,
 *                          HALF_OPEN, CLOSED, DISABLED), so that a short opening between two samples still shows
 */
public record HistorySample(long epochMillis, long[] outcomes, long attempts, long failedAttempts, long retries,
                            long p95Nanos, double budgetRemaining, int bulkheadAvailable, CircuitState state,
                            CircuitState worstState) {

    /** Checks that every outcome has its count and both states are given. */
    public HistorySample {
        Objects.requireNonNull(outcomes, "outcomes");
        if (outcomes.length != Outcome.values().length) {
            throw new IllegalArgumentException("outcomes must have one count per outcome: " + outcomes.length);
        }
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(worstState, "worstState");
    }

    /** Calls finished with {@code outcome} in the interval. */
    public long count(Outcome outcome) {
        return outcomes[outcome.ordinal()];
    }

    /** All calls finished in the interval. */
    public long calls() {
        long sum = 0;
        for (long count : outcomes) {
            sum += count;
        }
        return sum;
    }

    /** Failed attempts over attempts, or {@link Double#NaN} when no attempt failed or started in the interval. */
    public double attemptFailureRate() {
        long started = Math.max(attempts, failedAttempts);
        return started == 0 ? Double.NaN : (double) failedAttempts / started;
    }
}
