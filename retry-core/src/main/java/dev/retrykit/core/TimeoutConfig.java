package dev.retrykit.core;

import java.time.Duration;

/**
 * Immutable timeout settings of a service.
 *
 * @param perAttempt limit of one attempt; {@code null} = none. Works for blocking methods too: the caller gets
 *                   control back at once and the attempt's thread is interrupted
 * @param total      deadline of the whole call, retries and waits included; {@code null} = none
 * @param adaptive   whether the per-attempt limit follows the service's observed latency (p99 x 2, capped by
 *                   {@code perAttempt})
 */
public record TimeoutConfig(Duration perAttempt, Duration total, boolean adaptive) {

    /** No timeouts. */
    public static final TimeoutConfig NONE = new TimeoutConfig(null, null, false);

    /** Validates every field. */
    public TimeoutConfig {
        if (perAttempt != null && (perAttempt.isNegative() || perAttempt.isZero())) {
            throw new IllegalArgumentException("perAttempt must be positive: " + perAttempt);
        }
        if (total != null && (total.isNegative() || total.isZero())) {
            throw new IllegalArgumentException("total must be positive: " + total);
        }
    }
}
