package dev.retrykit.core.backoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Bounds every built-in strategy must keep for any valid settings and retry number. */
class BackoffStrategyPropertiesTest {

    private static final long ONE_DAY_NANOS = Duration.ofDays(1).toNanos();

    @Property(tries = 2_000)
    void everyDelayLiesBetweenZeroAndTheMaxDelay(@ForAll("builtInNames") String name,
                                                 @ForAll("settings") BackoffSettings settings,
                                                 @ForAll @IntRange(min = 1, max = 10_000) int retry,
                                                 @ForAll @LongRange(min = 0) long previousDelayNanos,
                                                 @ForAll @DoubleRange(min = 0, max = 1) double successRate,
                                                 @ForAll long seed) {
        BackoffStrategy strategy = BackoffStrategies.builtIn().create(name, settings, () -> successRate);

        long delay = strategy.delayNanos(retry, previousDelayNanos, new SplittableRandom(seed));

        assertThat(delay).isBetween(0L, settings.maxNanos());
    }

    @Property(tries = 300)
    void aChainOfRetriesStaysBetweenZeroAndTheMaxDelay(@ForAll("builtInNames") String name,
                                                       @ForAll("settings") BackoffSettings settings,
                                                       @ForAll @DoubleRange(min = 0, max = 1) double successRate,
                                                       @ForAll long seed) {
        BackoffStrategy strategy = BackoffStrategies.builtIn().create(name, settings, () -> successRate);
        RandomGenerator random = new SplittableRandom(seed);

        long previous = 0L;
        for (int retry = 1; retry <= 200; retry++) {
            previous = strategy.delayNanos(retry, previous, random);

            assertThat(previous).isBetween(0L, settings.maxNanos());
        }
    }

    @Property(tries = 1_000)
    void deterministicDelaysNeverShrinkAsRetriesGrow(@ForAll("deterministicNames") String name,
                                                     @ForAll("settings") BackoffSettings settings,
                                                     @ForAll @IntRange(min = 1, max = 9_999) int retry,
                                                     @ForAll @DoubleRange(min = 0, max = 1) double successRate) {
        BackoffStrategy strategy = BackoffStrategies.builtIn().create(name, settings, () -> successRate);
        RandomGenerator random = new SplittableRandom(42);

        assertThat(strategy.delayNanos(retry + 1, 0, random))
                .isGreaterThanOrEqualTo(strategy.delayNanos(retry, 0, random));
    }

    @Provide
    Arbitrary<String> builtInNames() {
        return Arbitraries.of(BackoffStrategies.builtIn().names());
    }

    @Provide
    Arbitrary<String> deterministicNames() {
        return Arbitraries.of("immediate", "fixed", "linear", "exponential", "fibonacci", "adaptive");
    }

    @Provide
    Arbitrary<BackoffSettings> settings() {
        Arbitrary<Long> baseNanos = Arbitraries.oneOf(
                Arbitraries.longs().between(0, ONE_DAY_NANOS),
                Arbitraries.longs().between(0, Long.MAX_VALUE));
        Arbitrary<Double> multiplier = Arbitraries.doubles().between(1, 10);
        Arbitrary<Double> jitter = Arbitraries.doubles().between(0, 1);
        return baseNanos.flatMap(base -> Combinators.combine(
                        Arbitraries.longs().between(0, Long.MAX_VALUE - base), multiplier, jitter)
                .as((extra, growth, spread) -> new BackoffSettings(
                        Duration.ofNanos(base), Duration.ofNanos(base + extra), growth, spread)));
    }
}
