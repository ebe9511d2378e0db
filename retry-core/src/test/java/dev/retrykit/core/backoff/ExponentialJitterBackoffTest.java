package dev.retrykit.core.backoff;

import static dev.retrykit.core.backoff.BackoffFixtures.average;
import static dev.retrykit.core.backoff.BackoffFixtures.millis;
import static dev.retrykit.core.backoff.BackoffFixtures.samples;
import static dev.retrykit.core.backoff.BackoffFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExponentialJitterBackoffTest {

    @Test
    void drawsUniformlyBelowTheExponentialDelay() {
        BackoffStrategy strategy = new ExponentialJitterBackoff(settings(100, 100_000, 2.0, 0));

        List<Long> fourthRetry = samples(strategy, 4, 0);

        // exponential delay of retry 4: 800 ms, so full jitter spreads over [0, 800) ms, mean 400 ms
        assertThat(fourthRetry).allSatisfy(delay -> assertThat(delay).isBetween(0L, millis(800) - 1));
        assertThat(Collections.min(fourthRetry)).isLessThan(millis(8));
        assertThat(Collections.max(fourthRetry)).isGreaterThan(millis(792));
        assertThat(average(fourthRetry)).isCloseTo(millis(400), within(1.5e7));
    }

    @Test
    void drawsBelowTheMaxDelayForHugeRetryNumbers() {
        BackoffStrategy strategy = new ExponentialJitterBackoff(settings(100, 5_000, 2.0, 0));

        List<Long> hugeRetry = samples(strategy, 10_000, 0);

        assertThat(hugeRetry).allSatisfy(delay -> assertThat(delay).isBetween(0L, millis(5_000) - 1));
        assertThat(Collections.max(hugeRetry)).isGreaterThan(millis(4_950));
        assertThat(average(hugeRetry)).isCloseTo(millis(2_500), within(1e8));
    }
}
