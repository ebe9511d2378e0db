package dev.retrykit.core.backoff;

import static dev.retrykit.core.backoff.BackoffFixtures.millis;
import static dev.retrykit.core.backoff.BackoffFixtures.seededRandom;
import static dev.retrykit.core.backoff.BackoffFixtures.sequenceMillis;
import static dev.retrykit.core.backoff.BackoffFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AdaptiveBackoffTest {

    private static final BackoffSettings SETTINGS = settings(100, 100_000, 2.0, 0);

    @Test
    void equalsPlainExponentialBackoffAtAFullSuccessRate() {
        BackoffStrategy strategy = new AdaptiveBackoff(SETTINGS, () -> 1.0);

        assertThat(sequenceMillis(strategy, 6)).containsExactly(100, 200, 400, 800, 1_600, 3_200);
        assertThat(sequenceMillis(strategy, 20)).containsExactly(sequenceMillis(new ExponentialBackoff(SETTINGS), 20));
    }

    @Test
    void stretchesTheExponentialDelayByOnePlusThreeTimesTheFailureRate() {
        assertThat(sequenceMillis(new AdaptiveBackoff(SETTINGS, () -> 0.5), 4)).containsExactly(250, 500, 1_000, 2_000);
        assertThat(sequenceMillis(new AdaptiveBackoff(SETTINGS, () -> 0.0), 4)).containsExactly(400, 800, 1_600, 3_200);
    }

    @Test
    void growsAsTheSuccessRateFalls() {
        AtomicReference<Double> successRate = new AtomicReference<>(1.0);
        BackoffStrategy strategy = new AdaptiveBackoff(SETTINGS, successRate::get);

        long previous = -1;
        for (int percent = 100; percent >= 0; percent -= 10) {
            successRate.set(percent / 100.0);
            long delay = strategy.delayNanos(3, 0, seededRandom());

            assertThat(delay).isGreaterThan(previous);
            previous = delay;
        }
        assertThat(previous).isEqualTo(millis(1_600));
    }

    @Test
    void capsTheStretchedDelayAtTheMaxDelay() {
        BackoffStrategy strategy = new AdaptiveBackoff(settings(100, 1_000, 2.0, 0), () -> 0.0);

        assertThat(sequenceMillis(strategy, 5)).containsExactly(400, 800, 1_000, 1_000, 1_000);
        assertThat(strategy.delayNanos(10_000, 0, seededRandom())).isEqualTo(millis(1_000));
    }

    @Test
    void clampsSuccessRatesOutsideZeroToOneAndTreatsNanAsFullSuccess() {
        assertThat(new AdaptiveBackoff(SETTINGS, () -> -3.0).delayNanos(1, 0, seededRandom())).isEqualTo(millis(400));
        assertThat(new AdaptiveBackoff(SETTINGS, () -> 7.0).delayNanos(1, 0, seededRandom())).isEqualTo(millis(100));
        assertThat(new AdaptiveBackoff(SETTINGS, () -> Double.NaN).delayNanos(1, 0, seededRandom()))
                .isEqualTo(millis(100));
    }
}
