package dev.retrykit.core.backoff;

import java.time.Duration;
import java.util.Objects;

/**
 * The numbers a {@link BackoffStrategy} is built from.
 *
 * @param baseDelay  the first (or constant) delay; not negative
 * @param maxDelay   cap of every delay; not below {@code baseDelay}
 * @param multiplier growth factor of exponential strategies; at least 1
 * @param jitter     relative spread of {@code constant-jitter} and {@code linear-jitter}, in {@code [0, 1]}
 */
public record BackoffSettings(Duration baseDelay, Duration maxDelay, double multiplier, double jitter) {

    /** Validates the settings. */
    public BackoffSettings {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (baseDelay.isNegative()) {
            throw new IllegalArgumentException("baseDelay must not be negative: " + baseDelay);
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("baseDelay " + baseDelay + " must not exceed maxDelay " + maxDelay);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be at least 1: " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be in [0, 1]: " + jitter);
        }
    }

    /** Base delay in nanoseconds. */
    public long baseNanos() {
        return baseDelay.toNanos();
    }

    /** Max delay in nanoseconds. */
    public long maxNanos() {
        return maxDelay.toNanos();
    }
}
