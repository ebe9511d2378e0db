package dev.retrykit.core.backoff;

import java.util.Set;
import java.util.function.DoubleSupplier;

/** STUB: replaced by the backoff work. */
public final class BackoffStrategies {

    public static BackoffStrategies builtIn() {
        return new BackoffStrategies();
    }

    public BackoffStrategies with(BackoffStrategyFactory custom) {
        return this;
    }

    public boolean isKnown(String name) {
        return names().contains(name);
    }

    public Set<String> names() {
        return Set.of("immediate", "fixed", "linear", "linear-jitter", "exponential", "exponential-jitter",
                "decorrelated-jitter", "constant-jitter", "fibonacci", "adaptive");
    }

    public BackoffStrategy create(String name, BackoffSettings settings, DoubleSupplier recentSuccessRate) {
        long base = settings.baseNanos();
        return (retry, previous, random) -> base;
    }
}
