package dev.retrykit.core.backoff;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Strategy {@value #NAME}: AWS "decorrelated jitter", each wait drawn between the base and three times the
 * previous wait, {@code delay = min(max, base + U * (3 * max(base, previous) - base))} with {@code U} uniform in
 * {@code [0, 1)}, i.e. {@code min(max, uniform(base, 3 * max(base, previous)))}.
 *
 * <p>The first retry ({@code previous = 0}) is drawn from {@code [base, 3 * base)}, so a herd that failed together
 * does not come back in lockstep; later waits grow about threefold on average until the cap. Depends on the caller
 * passing back the previous delay. Immutable and thread-safe.
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
     * Returns a delay uniformly drawn from {@code [base, 3 * max(base, previousDelayNanos))}, capped at max.
     */
    @Override
    public long delayNanos(int retry, long previousDelayNanos, RandomGenerator random) {
        long previous = Math.max(baseNanos, previousDelayNanos);
        long upper = previous > Long.MAX_VALUE / GROWTH ? Long.MAX_VALUE : previous * GROWTH;
        double delay = baseNanos + random.nextDouble() * (upper - baseNanos);
        return Math.min(maxNanos, (long) delay);
    }
}
