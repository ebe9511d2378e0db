package dev.retrykit.core.backoff;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Strategy {@value #NAME}: {@link LinearBackoff linear} growth spread by a random factor,
 * {@code delay = min(max, min(max, base * retry) * (1 + jitter * (2U - 1)))} with {@code U} uniform in
 * {@code [0, 1)}, i.e. the linear delay times {@code 1 ± jitter}.
 *
 * <p>The jitter applies to the already capped linear delay, so retries that reached the cap still spread below
 * it instead of all waking at {@code max}. Immutable and thread-safe.
 */
public final class LinearJitterBackoff implements BackoffStrategy {

    /** The configuration name of this strategy. */
    public static final String NAME = "linear-jitter";

    static final BackoffStrategyFactory FACTORY =
            new BuiltInStrategyFactory(NAME, (settings, successRate) -> new LinearJitterBackoff(settings));

    private final LinearBackoff linear;
    private final long maxNanos;
    private final double jitter;

    /** Binds the strategy to the base, max and jitter of {@code settings}. */
    public LinearJitterBackoff(BackoffSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.linear = new LinearBackoff(settings);
        this.maxNanos = settings.maxNanos();
        this.jitter = settings.jitter();
    }

    /** Returns the linear delay of {@code retry} times a random factor in {@code [1 - jitter, 1 + jitter)}, capped. */
    @Override
    public long delayNanos(int retry, long previousDelayNanos, RandomGenerator random) {
        long linearDelay = linear.delayNanos(retry, previousDelayNanos, random);
        double factor = 1.0 + jitter * (2.0 * random.nextDouble() - 1.0);
        return Math.min(maxNanos, (long) (linearDelay * factor));
    }
}
