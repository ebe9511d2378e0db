package dev.retrykit.core.backoff;

import static dev.retrykit.core.backoff.BackoffFixtures.millis;
import static dev.retrykit.core.backoff.BackoffFixtures.seededRandom;
import static dev.retrykit.core.backoff.BackoffFixtures.sequenceMillis;
import static dev.retrykit.core.backoff.BackoffFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class BackoffStrategiesTest {

    private static final BackoffSettings SETTINGS = settings(100, 10_000, 2.0, 0);
    private static final DoubleSupplier FULL_SUCCESS = () -> 1.0;

    @Test
    void listsTheTenBuiltInsInTheirDocumentedOrder() {
        assertThat(BackoffStrategies.builtIn().names()).containsExactly("immediate", "fixed", "linear",
                "linear-jitter", "exponential", "exponential-jitter", "decorrelated-jitter", "constant-jitter",
                "fibonacci", "adaptive");
    }

    @Test
    void createsTheStrategyClassRegisteredUnderEachBuiltInName() {
        BackoffStrategies strategies = BackoffStrategies.builtIn();

        assertThat(strategies.create("immediate", SETTINGS, FULL_SUCCESS)).isInstanceOf(ImmediateBackoff.class);
        assertThat(strategies.create("fixed", SETTINGS, FULL_SUCCESS)).isInstanceOf(FixedBackoff.class);
        assertThat(strategies.create("linear", SETTINGS, FULL_SUCCESS)).isInstanceOf(LinearBackoff.class);
        assertThat(strategies.create("linear-jitter", SETTINGS, FULL_SUCCESS))
                .isInstanceOf(LinearJitterBackoff.class);
        assertThat(strategies.create("exponential", SETTINGS, FULL_SUCCESS)).isInstanceOf(ExponentialBackoff.class);
        assertThat(strategies.create("exponential-jitter", SETTINGS, FULL_SUCCESS))
                .isInstanceOf(ExponentialJitterBackoff.class);
        assertThat(strategies.create("decorrelated-jitter", SETTINGS, FULL_SUCCESS))
                .isInstanceOf(DecorrelatedJitterBackoff.class);
        assertThat(strategies.create("constant-jitter", SETTINGS, FULL_SUCCESS))
                .isInstanceOf(ConstantJitterBackoff.class);
        assertThat(strategies.create("fibonacci", SETTINGS, FULL_SUCCESS)).isInstanceOf(FibonacciBackoff.class);
        assertThat(strategies.create("adaptive", SETTINGS, FULL_SUCCESS)).isInstanceOf(AdaptiveBackoff.class);
    }

    @Test
    void passesSettingsAndSuccessRateToTheCreatedStrategy() {
        BackoffStrategy adaptive = BackoffStrategies.builtIn().create("adaptive", SETTINGS, () -> 0.0);

        assertThat(sequenceMillis(adaptive, 3)).containsExactly(400, 800, 1_600);
    }

    @Test
    void rejectsAnUnknownNameListingTheAllowedOnes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BackoffStrategies.builtIn().create("expo", SETTINGS, FULL_SUCCESS))
                .withMessage("'expo' is not a strategy; use one of immediate, fixed, linear, linear-jitter,"
                        + " exponential, exponential-jitter, decorrelated-jitter, constant-jitter, fibonacci,"
                        + " adaptive");
    }

    @Test
    void knowsRegisteredNamesOnly() {
        BackoffStrategies strategies = BackoffStrategies.builtIn();

        assertThat(strategies.isKnown("fibonacci")).isTrue();
        assertThat(strategies.isKnown("Fibonacci")).isFalse();
        assertThat(strategies.isKnown("expo")).isFalse();
        assertThat(strategies.isKnown(null)).isFalse();
    }

    @Test
    void addsACustomStrategyInANewRegistryAfterTheBuiltIns() {
        BackoffStrategies builtIn = BackoffStrategies.builtIn();

        BackoffStrategies extended = builtIn.with(new HalfBaseFactory("half-base"));

        assertThat(extended.isKnown("half-base")).isTrue();
        assertThat(extended.names()).endsWith("adaptive", "half-base").hasSize(11);
        assertThat(extended.create("half-base", SETTINGS, FULL_SUCCESS).delayNanos(1, 0, seededRandom()))
                .isEqualTo(millis(50));
        assertThat(builtIn.isKnown("half-base")).isFalse();
        assertThat(builtIn.names()).hasSize(10);
    }

    @Test
    void listsCustomStrategiesInTheOrderTheyWereAdded() {
        BackoffStrategies extended = BackoffStrategies.builtIn()
                .with(new HalfBaseFactory("zeta"))
                .with(new HalfBaseFactory("alpha"));

        assertThat(extended.names()).endsWith("adaptive", "zeta", "alpha");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> extended.create("beta", SETTINGS, FULL_SUCCESS))
                .withMessageEndingWith("fibonacci, adaptive, zeta, alpha");
    }

    @Test
    void refusesACustomStrategyThatWouldShadowABuiltIn() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BackoffStrategies.builtIn().with(new HalfBaseFactory("exponential")))
                .withMessageContaining("'exponential' is a built-in backoff strategy");
    }

    @Test
    void refusesTwoCustomStrategiesOfTheSameName() {
        BackoffStrategies extended = BackoffStrategies.builtIn().with(new HalfBaseFactory("half-base"));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> extended.with(new HalfBaseFactory("half-base")))
                .withMessageContaining("'half-base' is already registered");
    }

    @Test
    void refusesACustomStrategyWithoutAName() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BackoffStrategies.builtIn().with(new HalfBaseFactory(" ")));
        assertThatThrownBy(() -> BackoffStrategies.builtIn().with(new HalfBaseFactory(null)))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void exposesNamesThatCannotBeModified() {
        assertThatThrownBy(() -> BackoffStrategies.builtIn().names().add("expo"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    /** A custom strategy waiting half the base delay. */
    private record HalfBaseFactory(String name) implements BackoffStrategyFactory {
        @Override
        public BackoffStrategy create(BackoffSettings settings, DoubleSupplier recentSuccessRate) {
            long half = settings.baseNanos() / 2;
            return (retry, previous, random) -> half;
        }
    }
}
