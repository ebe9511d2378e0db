package dev.retrykit.core.backoff;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Strategy {@value #NAME}: the wait follows the Fibonacci numbers, {@code delay = min(max, base * F(retry))} with
 * {@code F(1) = 1, F(2) = 1, F(n) = F(n - 1) + F(n - 2)}: base, base, 2 base, 3 base, 5 base, 8 base, ...
 *
 * <p>Grows more gently than doubling (by about 1.618 per retry). {@code F} is computed iteratively and the loop
 * stops as soon as the delay would pass {@code max}, so it never overflows and runs at most about 90 steps
 * whatever the retry number. Immutable and thread-safe.
 */
public final class FibonacciBackoff implements BackoffStrategy {

    /** The configuration name of this strategy. */
    public static final String NAME = "fibonacci";

    static final BackoffStrategyFactory FACTORY =
            new BuiltInStrategyFactory(NAME, (settings, successRate) -> new FibonacciBackoff(settings));

    private final long baseNanos;
    private final long maxNanos;

    /** Binds the strategy to the base and max of {@code settings}. */
    public FibonacciBackoff(BackoffSettings settings) {
        Objects.requireNonNull(settings, "settings");
        this.baseNanos = settings.baseNanos();
        this.maxNanos = settings.maxNanos();
    }

    /** Returns {@code min(max, base * F(retry))}; a retry number below 1 counts as 1. */
    @Override
    public long delayNanos(int retry, long previousDelayNanos, RandomGenerator random) {
        if (baseNanos == 0L) {
            return 0L;
        }
        long largestFactor = maxNanos / baseNanos; // at least 1, because base <= max
        long earlier = 0L; // F(0)
        long current = 1L; // F(1)
        for (int n = 1; n < retry; n++) {
            // both terms are <= largestFactor here, so this comparison cannot overflow
            if (current > largestFactor - earlier) {
                return maxNanos;
            }
            long next = earlier + current;
            earlier = current;
            current = next;
        }
        return baseNanos * current;
    }
}
