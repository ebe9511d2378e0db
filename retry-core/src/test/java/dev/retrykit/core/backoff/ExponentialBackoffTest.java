package dev.retrykit.core.backoff;

import static dev.retrykit.core.backoff.BackoffFixtures.millis;
import static dev.retrykit.core.backoff.BackoffFixtures.seededRandom;
import static dev.retrykit.core.backoff.BackoffFixtures.sequenceMillis;
import static dev.retrykit.core.backoff.BackoffFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExponentialBackoffTest {

    @Test
    void multipliesTheDelayWithEveryRetry() {
        BackoffStrategy strategy = new ExponentialBackoff(settings(100, 100_000, 2.0, 0));

        assertThat(sequenceMillis(strategy, 6)).containsExactly(100, 200, 400, 800, 1_600, 3_200);
    }

    @Test
    void followsAFractionalMultiplier() {
        BackoffStrategy strategy = new ExponentialBackoff(settings(1_000, 100_000, 1.5, 0));

        assertThat(sequenceMillis(strategy, 5)).containsExactly(1_000, 1_500, 2_250, 3_375, 5_062);
    }

    @Test
    void stopsGrowingAtTheMaxDelay() {
        BackoffStrategy strategy = new ExponentialBackoff(settings(100, 1_000, 2.0, 0));

        assertThat(sequenceMillis(strategy, 6)).containsExactly(100, 200, 400, 800, 1_000, 1_000);
    }

    @Test
    void givesTheMaxDelayForHugeRetryNumbersWithoutOverflow() {
        BackoffStrategy strategy = new ExponentialBackoff(settings(100, 30_000, 10.0, 0));
        BackoffStrategy unbounded = new ExponentialBackoff(
                new BackoffSettings(Duration.ofNanos(1), Duration.ofNanos(Long.MAX_VALUE), 2.0, 0));

        assertThat(strategy.delayNanos(10_000, 0, seededRandom())).isEqualTo(millis(30_000));
        assertThat(strategy.delayNanos(Integer.MAX_VALUE, 0, seededRandom())).isEqualTo(millis(30_000));
        assertThat(unbounded.delayNanos(10_000, 0, seededRandom())).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void staysZeroWithAZeroBaseDelay() {
        BackoffStrategy strategy = new ExponentialBackoff(settings(0, 1_000, 10.0, 0));

        assertThat(strategy.delayNanos(10_000, 0, seededRandom())).isZero();
    }
}
