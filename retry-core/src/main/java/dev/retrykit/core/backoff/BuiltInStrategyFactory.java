package dev.retrykit.core.backoff;

import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.DoubleSupplier;

/**
 * The factory each built-in strategy registers under its name: it checks the arguments once and hands them to
 * the strategy's constructor.
 *
 * @param name         the configuration name, e.g. {@code exponential-jitter}
 * @param constructor  builds the strategy from the settings and the success-rate source
 */
record BuiltInStrategyFactory(String name,
                              BiFunction<BackoffSettings, DoubleSupplier, BackoffStrategy> constructor)
        implements BackoffStrategyFactory {

    @Override
    public BackoffStrategy create(BackoffSettings settings, DoubleSupplier recentSuccessRate) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(recentSuccessRate, "recentSuccessRate");
        return constructor.apply(settings, recentSuccessRate);
    }
}
