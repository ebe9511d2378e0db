package dev.retrykit.core.backoff;

import static dev.retrykit.core.backoff.BackoffFixtures.millis;
import static dev.retrykit.core.backoff.BackoffFixtures.seededRandom;
import static dev.retrykit.core.backoff.BackoffFixtures.sequenceMillis;
import static dev.retrykit.core.backoff.BackoffFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LinearBackoffTest {

    @Test
    void growsByTheBaseDelayWithEveryRetry() {
        BackoffStrategy strategy = new LinearBackoff(settings(100, 10_000, 2.0, 0));

        assertThat(sequenceMillis(strategy, 6)).containsExactly(100, 200, 300, 400, 500, 600);
    }

    @Test
    void stopsGrowingAtTheMaxDelay() {
        BackoffStrategy strategy = new LinearBackoff(settings(100, 350, 2.0, 0));

        assertThat(sequenceMillis(strategy, 6)).containsExactly(100, 200, 300, 350, 350, 350);
    }

    @Test
    void givesTheMaxDelayForHugeRetryNumbersWithoutOverflow() {
        BackoffStrategy strategy = new LinearBackoff(settings(100, 30_000, 2.0, 0));
        BackoffStrategy unbounded = new LinearBackoff(
                new BackoffSettings(Duration.ofNanos(Long.MAX_VALUE / 2), Duration.ofNanos(Long.MAX_VALUE), 1, 0));

        assertThat(strategy.delayNanos(10_000, 0, seededRandom())).isEqualTo(millis(30_000));
        assertThat(strategy.delayNanos(Integer.MAX_VALUE, 0, seededRandom())).isEqualTo(millis(30_000));
        assertThat(unbounded.delayNanos(3, 0, seededRandom())).isEqualTo(Long.MAX_VALUE);
    }
}
