package dev.retrykit.core.backoff;

import static dev.retrykit.core.backoff.BackoffFixtures.millis;
import static dev.retrykit.core.backoff.BackoffFixtures.seededRandom;
import static dev.retrykit.core.backoff.BackoffFixtures.sequenceMillis;
import static dev.retrykit.core.backoff.BackoffFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FibonacciBackoffTest {

    @Test
    void followsTheFibonacciNumbersStartingOneOne() {
        BackoffStrategy strategy = new FibonacciBackoff(settings(100, 100_000, 2.0, 0));

        assertThat(sequenceMillis(strategy, 8)).containsExactly(100, 100, 200, 300, 500, 800, 1_300, 2_100);
    }

    @Test
    void stopsGrowingAtTheMaxDelay() {
        BackoffStrategy strategy = new FibonacciBackoff(settings(100, 600, 2.0, 0));

        assertThat(sequenceMillis(strategy, 7)).containsExactly(100, 100, 200, 300, 500, 600, 600);
    }

    @Test
    void givesTheMaxDelayForHugeRetryNumbersWithoutOverflow() {
        BackoffStrategy strategy = new FibonacciBackoff(settings(100, 30_000, 2.0, 0));
        BackoffStrategy unbounded = new FibonacciBackoff(
                new BackoffSettings(Duration.ofNanos(1), Duration.ofNanos(Long.MAX_VALUE), 1, 0));

        assertThat(strategy.delayNanos(10_000, 0, seededRandom())).isEqualTo(millis(30_000));
        assertThat(strategy.delayNanos(Integer.MAX_VALUE, 0, seededRandom())).isEqualTo(millis(30_000));
        // F(92) is the largest Fibonacci number that fits a long; F(93) must cap instead of overflowing
        assertThat(unbounded.delayNanos(92, 0, seededRandom())).isEqualTo(7_540_113_804_746_346_429L);
        assertThat(unbounded.delayNanos(93, 0, seededRandom())).isEqualTo(Long.MAX_VALUE);
        assertThat(unbounded.delayNanos(10_000, 0, seededRandom())).isEqualTo(Long.MAX_VALUE);
    }
}
