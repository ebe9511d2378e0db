package dev.retrykit.core.backoff;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Strategy {@value #NAME}: AWS "full jitter", a uniformly random wait below the {@link ExponentialBackoff
 * exponential} delay, {@code delay = U * min(max, base * multiplier^(retry - 1))} with {@code U} uniform in
 * {@code [0, 1)}.
 *
 * <p>Spreads competing clients over the whole window, which de-synchronises them best at the price of sometimes
 * retrying almost at once. Immutable and thread-safe.
 */
public final class ExponentialJitterBackoff implements BackoffStrategy {

    /** The configuration name of this strategy. */
    public static final String NAME = "exponential-jitter";

    static final BackoffStrategyFactory FACTORY =
            new BuiltInStrategyFactory(NAME, (settings, successRate) -> new ExponentialJitterBackoff(settings));

    private final ExponentialBackoff exponential;

    /** Binds the strategy to the base, max and multiplier of {@code settings}. */
    public ExponentialJitterBackoff(BackoffSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.exponential = new ExponentialBackoff(settings);
    }

    /** Returns a delay uniformly drawn from {@code [0, min(max, base * multiplier^(retry - 1)))}. */
    @Override
    public long delayNanos(int retry, long previousDelayNanos, RandomGenerator random) {
        long ceiling = exponential.delayNanos(retry, previousDelayNanos, random);
        // rounding of a large ceiling to double could otherwise land one step above it
        return Math.min(ceiling, (long) (random.nextDouble() * ceiling));
    }
}
