package dev.retrykit.core.backoff;

import static dev.retrykit.core.backoff.BackoffFixtures.seededRandom;
import static dev.retrykit.core.backoff.BackoffFixtures.sequenceMillis;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImmediateBackoffTest {

    @Test
    void neverWaits() {
        BackoffStrategy strategy = new ImmediateBackoff();

        assertThat(sequenceMillis(strategy, 5)).containsExactly(0, 0, 0, 0, 0);
        assertThat(strategy.delayNanos(10_000, 0, seededRandom())).isZero();
    }
}
