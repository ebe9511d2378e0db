package dev.retrykit.core.backoff;

import static dev.retrykit.core.backoff.BackoffFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackoffAllocationTest {

    private static final int CALLS = 100_000;

    /** One allocation per call would be at least 16 bytes each, far above this. */
    private static final long MOST_BYTES_FOR_MEASUREMENT_NOISE = 64 * 1024;

    @ParameterizedTest
    @ValueSource(strings = {"immediate", "fixed", "linear", "linear-jitter", "exponential", "exponential-jitter",
            "decorrelated-jitter", "constant-jitter", "fibonacci", "adaptive"})
    void computesDelaysWithoutAllocating(String name) {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs a JVM that counts allocated bytes per thread");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "needs per-thread allocation counting");
        BackoffStrategy strategy = BackoffStrategies.builtIn().create(name, settings(10, 60_000, 2.0, 0.5), () -> 0.7);
        SplittableRandom random = new SplittableRandom(42);
        long checksum = run(strategy, random);
        long threadId = Thread.currentThread().getId();

        long before = threads.getThreadAllocatedBytes(threadId);
        checksum += run(strategy, random);
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertThat(checksum).isPositive();
        assertThat(allocated).isLessThan(MOST_BYTES_FOR_MEASUREMENT_NOISE);
    }

    private static long run(BackoffStrategy strategy, SplittableRandom random) {
        long previous = 0L;
        long sum = 0L;
        for (int call = 0; call < CALLS; call++) {
            previous = strategy.delayNanos(call % 40 + 1, previous, random);
            sum += previous & 1L;
        }
        return sum + 1L;
    }
}
