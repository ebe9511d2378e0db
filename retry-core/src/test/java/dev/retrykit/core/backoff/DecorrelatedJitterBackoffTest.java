package dev.retrykit.core.backoff;

import static dev.retrykit.core.backoff.BackoffFixtures.millis;
import static dev.retrykit.core.backoff.BackoffFixtures.samples;
import static dev.retrykit.core.backoff.BackoffFixtures.seededRandom;
import static dev.retrykit.core.backoff.BackoffFixtures.sequenceMillis;
import static dev.retrykit.core.backoff.BackoffFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecorrelatedJitterBackoffTest {

    @Test
    void spreadsTheFirstRetryBetweenTheBaseAndThreeTimesIt() {
        BackoffStrategy strategy = new DecorrelatedJitterBackoff(settings(100, 10_000, 2.0, 0));

        List<Long> first = samples(strategy, 1, 0);

        assertThat(first).allSatisfy(delay -> assertThat(delay).isBetween(millis(100), millis(300)));
        assertThat(first.stream().distinct().count()).isGreaterThan(10);
    }

    @Test
    void drawsBetweenTheBaseAndThreeTimesThePreviousDelay() {
        BackoffStrategy strategy = new DecorrelatedJitterBackoff(settings(100, 10_000, 2.0, 0));

        List<Long> afterOneSecond = samples(strategy, 5, millis(1_000));

        assertThat(afterOneSecond).allSatisfy(delay -> assertThat(delay).isBetween(millis(100), millis(3_000)));
        assertThat(Collections.min(afterOneSecond)).isLessThan(millis(130));
        assertThat(Collections.max(afterOneSecond)).isGreaterThan(millis(2_970));
    }

    @Test
    void capsADrawAboveTheMaxDelay() {
        BackoffStrategy strategy = new DecorrelatedJitterBackoff(settings(100, 2_000, 2.0, 0));

        List<Long> afterOneSecond = samples(strategy, 5, millis(1_000));

        assertThat(afterOneSecond).allSatisfy(delay -> assertThat(delay).isBetween(millis(100), millis(2_000)));
        assertThat(afterOneSecond).contains(millis(2_000));
    }

    @Test
    void staysWithinBaseAndMaxOverALongChainOfRetries() {
        BackoffStrategy strategy = new DecorrelatedJitterBackoff(settings(100, 5_000, 2.0, 0));

        long[] delays = sequenceMillis(strategy, 10_000);

        assertThat(Arrays.stream(delays).min().orElseThrow()).isGreaterThanOrEqualTo(100L);
        assertThat(Arrays.stream(delays).max().orElseThrow()).isLessThanOrEqualTo(5_000L);
        assertThat(delays).contains(5_000L);
    }

    @Test
    void givesAtMostTheMaxDelayForAHugePreviousDelay() {
        BackoffStrategy strategy = new DecorrelatedJitterBackoff(settings(100, 5_000, 2.0, 0));

        assertThat(strategy.delayNanos(10_000, Long.MAX_VALUE, seededRandom())).isBetween(millis(100), millis(5_000));
    }
}
