package dev.retrykit.core.budget;

import dev.retrykit.core.time.Clock;

/** STUB: replaced by the protection work. Signatures are the contract. */
public final class RetryBudget {

    public RetryBudget(RetryBudgetConfig config, Clock clock) {
    }

    /** Every call deposits (ratio tokens). Hot path: no clock read, striped counter. */
    public void onCall() {
    }

    /** A retry withdraws one token; false when the budget (or a per-minute/hour cap) refuses. */
    public boolean tryAcquireRetry() {
        return true;
    }

    /** Tokens left now. */
    public double remaining() {
        return 0;
    }

    /** Retries refused so far. */
    public long rejected() {
        return 0;
    }

    public RetryBudgetConfig config() {
        return RetryBudgetConfig.DEFAULT;
    }

    public void reconfigure(RetryBudgetConfig config) {
    }
}
