package dev.retrykit.core.backoff;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Strategy {@value #NAME}: the same wait before every retry, {@code delay = base}.
 *
 * <p>Immutable and thread-safe.
 */
public final class FixedBackoff implements BackoffStrategy {

    /** The configuration name of this strategy. */
    public static final String NAME = "fixed";

    static final BackoffStrategyFactory FACTORY =
            new BuiltInStrategyFactory(NAME, (settings, successRate) -> new FixedBackoff(settings));

    private final long delayNanos;

    /** Binds the strategy to {@code settings.baseDelay()}, capped by {@code settings.maxDelay()}. */
    public FixedBackoff(BackoffSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.delayNanos = Math.min(settings.baseNanos(), settings.maxNanos());
    }

    /** Returns the base delay whatever the retry number. */
    @Override
    public long delayNanos(int retry, long previousDelayNanos, RandomGenerator random) {
        return delayNanos;
    }
}
