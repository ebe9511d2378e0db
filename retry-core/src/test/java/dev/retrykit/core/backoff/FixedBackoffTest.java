package dev.retrykit.core.backoff;

import static dev.retrykit.core.backoff.BackoffFixtures.millis;
import static dev.retrykit.core.backoff.BackoffFixtures.seededRandom;
import static dev.retrykit.core.backoff.BackoffFixtures.sequenceMillis;
import static dev.retrykit.core.backoff.BackoffFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FixedBackoffTest {

    @Test
    void waitsTheBaseDelayBeforeEveryRetry() {
        BackoffStrategy strategy = new FixedBackoff(settings(250, 1_000, 2.0, 0.5));

        assertThat(sequenceMillis(strategy, 5)).containsExactly(250, 250, 250, 250, 250);
    }

    @Test
    void keepsTheBaseDelayForHugeRetryNumbers() {
        BackoffStrategy strategy = new FixedBackoff(settings(250, 1_000, 2.0, 0));

        assertThat(strategy.delayNanos(10_000, millis(250), seededRandom())).isEqualTo(millis(250));
        assertThat(strategy.delayNanos(Integer.MAX_VALUE, 0, seededRandom())).isEqualTo(millis(250));
    }
}
