package dev.retrykit.core.bulkhead;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of a {@link Bulkhead}.
 *
 * @param maxConcurrentCalls calls allowed in flight at once; at least 1
 * @param maxWait            how long a call may wait for a permit (also bounded by the call's deadline); 0 = no wait
 */
public record BulkheadConfig(int maxConcurrentCalls, Duration maxWait) {

    /** A {@code maxConcurrentCalls} of this value switches the bulkhead off: calls take no permit at all. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    /** No bulkhead: the default of every policy (a bulkhead applies only where it is configured). */
    public static final BulkheadConfig NONE = new BulkheadConfig(UNLIMITED, Duration.ZERO);

    /** Validates every field. */
    public BulkheadConfig {
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxConcurrentCalls < 1) {
            throw new IllegalArgumentException("maxConcurrentCalls must be at least 1: " + maxConcurrentCalls);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative: " + maxWait);
        }
    }
}
