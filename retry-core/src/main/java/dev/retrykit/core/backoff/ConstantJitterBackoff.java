package dev.retrykit.core.backoff;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Strategy {@value #NAME}: a {@link FixedBackoff fixed} wait spread by a random factor,
 * {@code delay = min(max, base * (1 + jitter * (2U - 1)))} with {@code U} uniform in {@code [0, 1)}, i.e.
 * {@code base * (1 ± jitter)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConstantJitterBackoff implements BackoffStrategy {

    /** The configuration name of this strategy. */
    public static final String NAME = "constant-jitter";

    static final BackoffStrategyFactory FACTORY =
            new BuiltInStrategyFactory(NAME, (settings, successRate) -> new ConstantJitterBackoff(settings));

    private final long baseNanos;
    private final long maxNanos;
    private final double jitter;

    /** Binds the strategy to the base, max and jitter of {@code settings}. */
    public ConstantJitterBackoff(BackoffSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.baseNanos = settings.baseNanos();
        this.maxNanos = settings.maxNanos();
        this.jitter = settings.jitter();
    }

    /** Returns the base delay times a random factor in {@code [1 - jitter, 1 + jitter)}, capped. */
    @Override
    public long delayNanos(int retry, long previousDelayNanos, RandomGenerator random) {
        double factor = 1.0 + jitter * (2.0 * random.nextDouble() - 1.0);
        return Math.min(maxNanos, (long) (baseNanos * factor));
    }
}
