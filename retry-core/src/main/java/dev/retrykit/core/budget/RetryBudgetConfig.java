package dev.retrykit.core.budget;

/**
 * Immutable settings of a {@link RetryBudget}.
 *
 * @param enabled              when false every retry is allowed (only the global limit applies)
 * @param ratio                retries allowed per call, in {@code [0, 1]}: every call deposits {@code ratio} tokens
 * @param minRetriesPerSecond  retries allowed per second even without traffic to earn them; not negative
 * @param maxRetriesPerMinute  hard cap of retries in any sliding minute; 0 = no cap
 * @param maxRetriesPerHour    hard cap of retries in any sliding hour; 0 = no cap
 * @param burstCapacity        tokens a fresh budget starts with and the most it can hold; at least 1
 */
public record RetryBudgetConfig(boolean enabled, double ratio, double minRetriesPerSecond, int maxRetriesPerMinute,
                                int maxRetriesPerHour, int burstCapacity) {

    /** Per-service default: ratio 0.1, one retry per second, burst 20, no minute or hour cap. */
    public static final RetryBudgetConfig DEFAULT = new RetryBudgetConfig(true, 0.1, 1, 0, 0, 20);

    /** Global default of PRODUCT.md: ratio 0.2, ten retries per second. */
    public static final RetryBudgetConfig GLOBAL_DEFAULT = new RetryBudgetConfig(true, 0.2, 10, 0, 0, 100);

    /** A budget that never refuses. */
    public static final RetryBudgetConfig DISABLED = new RetryBudgetConfig(false, 0.1, 1, 0, 0, 20);

    /** Validates every field. */
    public RetryBudgetConfig {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("ratio must be in [0, 1]: " + ratio);
        }
        if (!(minRetriesPerSecond >= 0) || Double.isInfinite(minRetriesPerSecond)) {
            throw new IllegalArgumentException("minRetriesPerSecond must not be negative: " + minRetriesPerSecond);
        }
        if (maxRetriesPerMinute < 0 || maxRetriesPerHour < 0) {
            throw new IllegalArgumentException("maxRetriesPerMinute and maxRetriesPerHour must not be negative");
        }
        if (burstCapacity < 1) {
            throw new IllegalArgumentException("burstCapacity must be at least 1: " + burstCapacity);
        }
    }
}
