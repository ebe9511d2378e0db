package dev.retrykit.core.store;

/**
 * Retry budget activity: calls recorded (each earns {@code ratio} tokens) and retries granted (each spends one).
 * Sent to a {@link SharedStateStore} as one instance's activity since its last exchange, and returned as the
 * fleet's running totals.
 *
 * @param calls   calls recorded; not negative
 * @param retries retries granted; not negative
 */
public record BudgetCounts(long calls, long retries) {

    /** No activity. */
    public static final BudgetCounts NONE = new BudgetCounts(0, 0);

    /** Validates that both counts are not negative. */
    public BudgetCounts {
        if (calls < 0 || retries < 0) {
            throw new IllegalArgumentException("budget counts must not be negative: calls=" + calls + ", retries=" + retries);
        }
    }

    /** These counts plus {@code other}'s. */
    public BudgetCounts plus(BudgetCounts other) {
        return new BudgetCounts(calls + other.calls, retries + other.retries);
    }
}
