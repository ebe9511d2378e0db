package dev.retrykit.core.backoff;

import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.random.RandomGenerator;

/**
 * Strategy {@value #NAME}: {@link ExponentialBackoff exponential} backoff stretched while the service is failing,
 * {@code delay = min(max, base * multiplier^(retry - 1) * (1 + 3 * (1 - successRate)))}.
 *
 * <p>{@code successRate} is read from the supplier at every delay. At a full success rate the delay is the plain
 * exponential one; it grows linearly as the rate falls, up to four times the exponential delay at a success rate
 * of 0. A rate outside {@code [0, 1]} is clamped into it; {@code NaN} (no calls seen yet) counts as full success.
 * Immutable and thread-safe as long as the supplier is.
 */
public final class AdaptiveBackoff implements BackoffStrategy {

    /** The configuration name of this strategy. */
    public static final String NAME = "adaptive";

    /** How much the failure rate {@code 1 - successRate} stretches the delay: {@code factor = 1 + 3 * failureRate}. */
    public static final double FAILURE_WEIGHT = 3.0;

    static final BackoffStrategyFactory FACTORY = new BuiltInStrategyFactory(NAME, AdaptiveBackoff::new);

    private final ExponentialBackoff exponential;
    private final DoubleSupplier recentSuccessRate;
    private final long maxNanos;

    /**
     * Binds the strategy to the base, max and multiplier of {@code settings} and to the service's success rate.
     *
     * @param settings           base, max and multiplier; jitter is not used
     * @param recentSuccessRate  the service's recent success rate in {@code [0, 1]}, read at every delay
     */
    public AdaptiveBackoff(BackoffSettings settings, DoubleSupplier recentSuccessRate) {
        Objects.requireNonNull(settings, "settings");
        this.exponential = new ExponentialBackoff(settings);
        this.recentSuccessRate = Objects.requireNonNull(recentSuccessRate, "recentSuccessRate");
        this.maxNanos = settings.maxNanos();
    }

    /** Returns the exponential delay of {@code retry} times {@code 1 + 3 * (1 - successRate)}, capped at max. */
    @Override
    public long delayNanos(int retry, long previousDelayNanos, RandomGenerator random) {
        long exponentialDelay = exponential.delayNanos(retry, previousDelayNanos, random);
        double failureRate = failureRate(recentSuccessRate.getAsDouble());
        if (failureRate == 0.0) {
            return exponentialDelay; // exact even where a long does not fit a double
        }
        return Math.min(maxNanos, (long) (exponentialDelay * (1.0 + FAILURE_WEIGHT * failureRate)));
    }

    private static double failureRate(double successRate) {
        if (successRate >= 0.0 && successRate <= 1.0) {
            return 1.0 - successRate;
        }
        return successRate < 0.0 ? 1.0 : 0.0; // above 1 or NaN: no evidence of failure
    }
}
