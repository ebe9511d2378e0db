package dev.retrykit.core.backoff;

import java.util.function.DoubleSupplier;

/**
 * Custom-strategy SPI: a named factory of {@link BackoffStrategy} instances. Register one with
 * {@link BackoffStrategies#with(BackoffStrategyFactory)} (the Spring starter registers every bean of this type)
 * and use its {@link #name()} as {@code strategy} in the configuration.
 */
public interface BackoffStrategyFactory {

    /** The name used in configuration, lower case with dashes, e.g. {@code exponential-jitter}. */
    String name();

    /**
     * Builds the strategy for one service.
     *
     * @param settings           base, max, multiplier and jitter
     * @param recentSuccessRate  the service's recent success rate in {@code [0, 1]}, read at each delay
     */
    BackoffStrategy create(BackoffSettings settings, DoubleSupplier recentSuccessRate);
}
