package dev.retrykit.core.backoff;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Strategy {@value #NAME}: the wait is multiplied by {@code multiplier} with every retry,
 * {@code delay = min(max, base * multiplier^(retry - 1))}: base, base * m, base * m², ...
 *
 * <p>Computed in floating point: once the power overflows to infinity the delay is simply {@code max}, so any
 * retry number gives a delay in {@code [0, max]}. Immutable and thread-safe.
 */
public final class ExponentialBackoff implements BackoffStrategy {

    /** The configuration name of this strategy. */
    public static final String NAME = "exponential";

    static final BackoffStrategyFactory FACTORY =
            new BuiltInStrategyFactory(NAME, (settings, successRate) -> new ExponentialBackoff(settings));

    private final long baseNanos;
    private final long maxNanos;
    private final double multiplier;

    /** Binds the strategy to the base, max and multiplier of {@code settings}. */
    public ExponentialBackoff(BackoffSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.baseNanos = settings.baseNanos();
        this.maxNanos = settings.maxNanos();
        this.multiplier = settings.multiplier();
    }

    /** Returns {@code min(max, base * multiplier^(retry - 1))}; a retry number below 1 counts as 1. */
    @Override
    public long delayNanos(int retry, long previousDelayNanos, RandomGenerator random) {
        if (baseNanos == 0L) {
            return 0L; // 0 * infinity would be NaN for huge retry numbers
        }
        double delay = baseNanos * Math.pow(multiplier, Math.max(retry, 1) - 1);
        // the cast saturates at Long.MAX_VALUE, including for infinity, so min() is the whole cap
        return Math.min(maxNanos, (long) delay);
    }
}
