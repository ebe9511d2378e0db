package dev.retrykit.core.backoff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * The registry of backoff strategies by configuration name: the ten built-ins plus any custom
 * {@link BackoffStrategyFactory}.
 *
 * <p>Immutable and thread-safe: {@link #with(BackoffStrategyFactory)} returns a new registry and leaves this one
 * unchanged. Strategies are created once per service when its policy is built, not per call.
 */
public final class BackoffStrategies {

    private static final List<BackoffStrategyFactory> BUILT_IN_FACTORIES = List.of(
            ImmediateBackoff.FACTORY,
            FixedBackoff.FACTORY,
            LinearBackoff.FACTORY,
            LinearJitterBackoff.FACTORY,
            ExponentialBackoff.FACTORY,
            ExponentialJitterBackoff.FACTORY,
            DecorrelatedJitterBackoff.FACTORY,
            ConstantJitterBackoff.FACTORY,
            FibonacciBackoff.FACTORY,
            AdaptiveBackoff.FACTORY);

    private static final BackoffStrategies BUILT_IN = new BackoffStrategies(BUILT_IN_FACTORIES);

    private final Map<String, BackoffStrategyFactory> factoriesByName;

    private BackoffStrategies(List<BackoffStrategyFactory> factories) {
        Map<String, BackoffStrategyFactory> byName = new LinkedHashMap<>();
        for (BackoffStrategyFactory factory : factories) {
            byName.put(factory.name(), factory);
        }
        this.factoriesByName = Collections.unmodifiableMap(byName);
    }

    /**
     * The registry of the built-in strategies: {@code immediate, fixed, linear, linear-jitter, exponential,
     * exponential-jitter, decorrelated-jitter, constant-jitter, fibonacci, adaptive}.
     */
    public static BackoffStrategies builtIn() {
        return BUILT_IN;
    }

    /**
     * A new registry holding this one's strategies plus {@code custom}, which is listed after them.
     *
     * @param custom  the factory to add; not null, its name neither blank nor already registered
     * @return a new registry; this one is unchanged
     * @throws IllegalArgumentException if the name is blank, belongs to a built-in strategy (built-ins cannot be
     *                                  shadowed) or to a custom strategy already registered
     */
    public BackoffStrategies with(BackoffStrategyFactory custom) {
        Objects.requireNonNull(custom, "custom");
        String name = Objects.requireNonNull(custom.name(), "custom strategy name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a custom backoff strategy needs a name, got '" + name + "'");
        }
        if (BUILT_IN.isKnown(name)) {
            throw new IllegalArgumentException("'" + name + "' is a built-in backoff strategy and cannot be replaced;"
                    + " give the custom strategy another name");
        }
        if (isKnown(name)) {
            throw new IllegalArgumentException("'" + name + "' is already registered as a custom backoff strategy;"
                    + " give each custom strategy its own name");
        }
        List<BackoffStrategyFactory> factories = new ArrayList<>(factoriesByName.values());
        factories.add(custom);
        return new BackoffStrategies(factories);
    }

    /** Whether {@code name} is registered; false for null. */
    public boolean isKnown(String name) {
        return name != null && factoriesByName.containsKey(name);
    }

    /** The registered names, unmodifiable: the built-ins in their fixed order, then customs in order added. */
    public Set<String> names() {
        return factoriesByName.keySet();
    }

    /**
     * Builds the strategy registered under {@code name}.
     *
     * @param name               a registered name, see {@link #names()}
     * @param settings           base, max, multiplier and jitter; not null
     * @param recentSuccessRate  the service's recent success rate in {@code [0, 1]}; not null, read only by
     *                           strategies that adapt to it
     * @throws IllegalArgumentException if {@code name} is not registered; the message lists the allowed names
     */
    public BackoffStrategy create(String name, BackoffSettings settings, DoubleSupplier recentSuccessRate) {
        BackoffStrategyFactory factory = name == null ? null : factoriesByName.get(name);
        if (factory == null) {
            throw new IllegalArgumentException(
                    "'" + name + "' is not a strategy; use one of " + String.join(", ", names()));
        }
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(recentSuccessRate, "recentSuccessRate");
        return Objects.requireNonNull(factory.create(settings, recentSuccessRate),
                () -> "backoff strategy factory '" + name + "' returned null");
    }
}
