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

class ConstantJitterBackoffTest {

    @Test
    void spreadsTheBaseDelayOverPlusMinusJitterWhateverTheRetry() {
        BackoffStrategy strategy = new ConstantJitterBackoff(settings(200, 10_000, 2.0, 0.25));

        for (int retry : new int[] {1, 5, 10_000}) {
            List<Long> delays = samples(strategy, retry, 0);

            // base 200 ms, jitter 0.25: [150, 250) ms, centred on 200 ms
            assertThat(delays).allSatisfy(delay -> assertThat(delay).isBetween(millis(150), millis(250)));
            assertThat(Collections.min(delays)).isLessThan(millis(152));
            assertThat(Collections.max(delays)).isGreaterThan(millis(248));
            assertThat(average(delays)).isCloseTo(millis(200), within(5e6));
        }
    }

    @Test
    void waitsExactlyTheBaseDelayWithoutJitter() {
        BackoffStrategy strategy = new ConstantJitterBackoff(settings(200, 10_000, 2.0, 0));

        assertThat(sequenceMillis(strategy, 4)).containsExactly(200, 200, 200, 200);
    }

    @Test
    void capsTheUpperSpreadAtTheMaxDelay() {
        BackoffStrategy strategy = new ConstantJitterBackoff(settings(1_000, 1_000, 2.0, 1.0));

        List<Long> delays = samples(strategy, 1, 0);

        assertThat(delays).allSatisfy(delay -> assertThat(delay).isBetween(0L, millis(1_000)));
        assertThat(delays).contains(millis(1_000));
        assertThat(Collections.min(delays)).isLessThan(millis(10));
    }
}
