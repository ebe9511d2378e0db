package dev.retrykit.core.backoff;

import static dev.retrykit.core.backoff.BackoffFixtures.average;
import static dev.retrykit.core.backoff.BackoffFixtures.millis;
import static dev.retrykit.core.backoff.BackoffFixtures.samples;
import static dev.retrykit.core.backoff.BackoffFixtures.sequenceMillis;
import static dev.retrykit.core.backoff.BackoffFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearJitterBackoffTest {

    @Test
    void spreadsTheLinearDelayOverPlusMinusJitter() {
        BackoffStrategy strategy = new LinearJitterBackoff(settings(100, 10_000, 2.0, 0.5));

        List<Long> thirdRetry = samples(strategy, 3, 0);

        // linear delay 300 ms, jitter 0.5: [150, 450) ms, centred on 300 ms
        assertThat(thirdRetry).allSatisfy(delay -> assertThat(delay).isBetween(millis(150), millis(450)));
        assertThat(Collections.min(thirdRetry)).isLessThan(millis(155));
        assertThat(Collections.max(thirdRetry)).isGreaterThan(millis(445));
        assertThat(average(thirdRetry)).isCloseTo(millis(300), within(1e7));
    }

    @Test
    void equalsTheLinearSequenceWithoutJitter() {
        BackoffStrategy strategy = new LinearJitterBackoff(settings(100, 10_000, 2.0, 0));

        assertThat(sequenceMillis(strategy, 5)).containsExactly(100, 200, 300, 400, 500);
    }

    @Test
    void spreadsBelowTheMaxDelayOnceTheLinearDelayReachesIt() {
        BackoffStrategy strategy = new LinearJitterBackoff(settings(100, 1_000, 2.0, 0.5));

        List<Long> hugeRetry = samples(strategy, 10_000, 0);

        assertThat(hugeRetry).allSatisfy(delay -> assertThat(delay).isBetween(millis(500), millis(1_000)));
        assertThat(Collections.min(hugeRetry)).isLessThan(millis(510));
        assertThat(hugeRetry).contains(millis(1_000));
    }
}
