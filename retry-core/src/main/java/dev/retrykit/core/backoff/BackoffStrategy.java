package dev.retrykit.core.backoff;

import java.util.random.RandomGenerator;

/**
 * Computes the wait before a retry. One instance is bound to its settings (base, max, multiplier, jitter)
 * when a service's policy is built, so a call only does arithmetic.
 *
 * <p>Implementations must be thread-safe and allocation-free; every result lies in {@code [0, maxDelay]}.
 */
@FunctionalInterface
public interface BackoffStrategy {

    /**
     * The delay before retry number {@code retry}.
     *
     * @param retry               1 for the first retry (the second attempt), 2 for the next, ...
     * @param previousDelayNanos  the delay this strategy returned for the previous retry, 0 before the first
     * @param random              source of jitter; {@code ThreadLocalRandom.current()} in production
     * @return the delay in nanoseconds, never negative and never above the configured maximum
     */
    long delayNanos(int retry, long previousDelayNanos, RandomGenerator random);
}
