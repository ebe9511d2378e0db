package dev.retrykit.core.backoff;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** Shared set-up of the backoff tests: settings in milliseconds, a seeded random and delay sequences. */
final class BackoffFixtures {

    /** How many samples the jitter tests draw. */
    static final int SAMPLES = 10_000;

    private BackoffFixtures() {
    }

    static BackoffSettings settings(long baseMillis, long maxMillis, double multiplier, double jitter) {
        return new BackoffSettings(Duration.ofMillis(baseMillis), Duration.ofMillis(maxMillis), multiplier, jitter);
    }

    static long millis(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    static RandomGenerator seededRandom() {
        return new SplittableRandom(42);
    }

    /** The delays of retries 1..count, each call given the delay returned before it, in milliseconds. */
    static long[] sequenceMillis(BackoffStrategy strategy, int count) {
        RandomGenerator random = seededRandom();
        long[] delays = new long[count];
        long previous = 0L;
        for (int retry = 1; retry <= count; retry++) {
            previous = strategy.delayNanos(retry, previous, random);
            delays[retry - 1] = Duration.ofNanos(previous).toMillis();
        }
        return delays;
    }

    /** {@link #SAMPLES} delays of the same retry number, in nanoseconds. */
    static List<Long> samples(BackoffStrategy strategy, int retry, long previousDelayNanos) {
        RandomGenerator random = seededRandom();
        List<Long> delays = new ArrayList<>(SAMPLES);
        for (int i = 0; i < SAMPLES; i++) {
            delays.add(strategy.delayNanos(retry, previousDelayNanos, random));
        }
        return delays;
    }

    static double average(List<Long> delays) {
        return delays.stream().mapToLong(Long::longValue).average().orElseThrow();
    }
}
