package dev.retrykit.core.backoff;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Strategy {@value #NAME}: the wait grows by {@code base} with every retry,
 * {@code delay = min(max, base * retry)}: base, 2 base, 3 base, ...
 *
 * <p>Computed in integer arithmetic without overflow, so any retry number gives a delay in {@code [0, max]}.
 * Immutable and thread-safe.
 */
public final class LinearBackoff implements BackoffStrategy {

    /** The configuration name of this strategy. */
    public static final String NAME = "linear";

    static final BackoffStrategyFactory FACTORY =
            new BuiltInStrategyFactory(NAME, (settings, successRate) -> new LinearBackoff(settings));

    private final long baseNanos;
    private final long maxNanos;

    /** Binds the strategy to {@code settings.baseDelay()} and {@code settings.maxDelay()}. */
    public LinearBackoff(BackoffSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.baseNanos = settings.baseNanos();
        this.maxNanos = settings.maxNanos();
    }

    /** Returns {@code min(max, base * retry)}; a retry number below 1 counts as 1. */
    @Override
    public long delayNanos(int retry, long previousDelayNanos, RandomGenerator random) {
        long steps = Math.max(retry, 1);
        // base > floor(max / steps) is exactly the case base * steps > max, tested without multiplying
        return baseNanos > maxNanos / steps ? maxNanos : baseNanos * steps;
    }
}
