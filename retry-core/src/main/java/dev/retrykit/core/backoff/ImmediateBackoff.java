package dev.retrykit.core.backoff;

import java.util.random.RandomGenerator;

/**
 * Strategy {@value #NAME}: retries at once, {@code delay = 0}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ImmediateBackoff implements BackoffStrategy {

    /** The configuration name of this strategy. */
    public static final String NAME = "immediate";

    static final BackoffStrategyFactory FACTORY =
            new BuiltInStrategyFactory(NAME, (settings, successRate) -> new ImmediateBackoff());

    /** Always returns 0. */
    @Override
    public long delayNanos(int retry, long previousDelayNanos, RandomGenerator random) {
        return 0L;
    }
}
