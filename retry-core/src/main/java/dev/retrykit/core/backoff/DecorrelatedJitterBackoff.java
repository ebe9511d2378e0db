package dev.retrykit.core.backoff;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Strategy {@value #NAME}: AWS "decorrelated jitter", each wait drawn between the base and three times the
 * previous wait, {@code delay = min(max, base + U * (max(base, 3 * previous) - base))} with {@code U} uniform in
 * {@code [0, 1)}, i.e. {@code min(max, uniform(base, max(base, 3 * previous)))}.
 *
 * <p>The first retry ({@code previous = 0}) waits exactly {@code base}; later waits grow about threefold on
 * average until the cap. Depends on the caller passing back the previous delay. Immutable and thread-safe.
 */
public final class DecorrelatedJitterBackoff implements BackoffStrategy {

    /** The configuration name of this strategy. */
    public static final String NAME = "decorrelated-jitter";

    static final BackoffStrategyFactory FACTORY =
            new BuiltInStrategyFactory(NAME, (settings, successRate) -> new DecorrelatedJitterBackoff(settings));

    private static final long GROWTH = 3L;

    private final long baseNanos;
    private final long maxNanos;

    /** Binds the strategy to the base and max of {@code settings}. */
    public DecorrelatedJitterBackoff(BackoffSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.baseNanos = settings.baseNanos();
        this.maxNanos = settings.maxNanos();
    }

    /**
     * Returns a delay uniformly drawn from {@code [base, max(base, 3 * previousDelayNanos))}, capped at max; a
     * negative previous delay counts as 0.
     */
    @Override
    public long delayNanos(int retry, long previousDelayNanos, RandomGenerator random) {
        long upper = previousDelayNanos > Long.MAX_VALUE / GROWTH
                ? Long.MAX_VALUE
                : Math.max(baseNanos, previousDelayNanos * GROWTH);
        double delay = baseNanos + random.nextDouble() * (upper - baseNanos);
        return Math.min(maxNanos, (long) delay);
    }
}
