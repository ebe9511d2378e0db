package dev.retrykit.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.backoff.BackoffSettings;
import dev.retrykit.core.backoff.BackoffStrategies;
import dev.retrykit.core.backoff.BackoffStrategy;
import dev.retrykit.core.backoff.ExponentialBackoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The experiment of AWS's "Exponential Backoff And Jitter": 100 clients write to one resource under optimistic
 * concurrency (a version counter). Time is cut into 1 ms slots, the time one read-modify-write takes: of all
 * clients whose attempt falls in a slot, exactly one write lands (picked at random), the others see a changed
 * version, fail and back off. A failed client cannot try again before the next slot. Every client starts at
 * {@code t = 0} and keeps retrying until its write lands.
 *
 * <p>Compared: no jitter ({@code exponential}), full jitter ({@code exponential-jitter}), equal jitter (half the
 * exponential delay plus a random half, written here since it is not a built-in) and {@code decorrelated-jitter},
 * all with base 5 ms, max 1 s and multiplier 2. Figures are means over ten seeds.
 */
class BackoffJitterComparisonTest {

    private static final int CLIENTS = 100;
    private static final long SLOT_NANOS = Duration.ofMillis(1).toNanos();
    private static final int SEEDS = 10;
    private static final BackoffSettings SETTINGS =
            new BackoffSettings(Duration.ofMillis(5), Duration.ofSeconds(1), 2.0, 0.0);

    private static final Map<String, Contention> RESULTS = new LinkedHashMap<>();

    @BeforeAll
    static void runEveryStrategy() {
        BackoffStrategies builtIn = BackoffStrategies.builtIn();
        Map<String, BackoffStrategy> strategies = new LinkedHashMap<>();
        strategies.put("no jitter (exponential)", builtIn.create("exponential", SETTINGS, () -> 1.0));
        strategies.put("full jitter (exponential-jitter)", builtIn.create("exponential-jitter", SETTINGS, () -> 1.0));
        strategies.put("equal jitter (local)", new EqualJitterBackoff(SETTINGS));
        strategies.put("decorrelated-jitter", builtIn.create("decorrelated-jitter", SETTINGS, () -> 1.0));
        strategies.forEach((name, strategy) -> RESULTS.put(name, averageOverSeeds(strategy)));

        SimulationTable table = new SimulationTable(
                "Optimistic concurrency: 100 clients, 1 ms slots, base 5 ms, max 1 s (mean of 10 seeds)",
                "strategy", "total calls", "calls per client", "completion (ms)");
        RESULTS.forEach((name, result) -> table.row(name, SimulationTable.fixed(result.calls, 0),
                SimulationTable.fixed(result.calls / CLIENTS, 1), SimulationTable.fixed(result.completionNanos / 1e6, 0)));
        table.print();
    }

    @Test
    void noJitterRetriesInLockstepOneWinnerPerRound() {
        // all losers share every retry slot: 100 + 99 + ... + 1 calls
        assertThat(RESULTS.get("no jitter (exponential)").calls).isEqualTo(CLIENTS * (CLIENTS + 1) / 2.0);
    }

    @Test
    void fullAndDecorrelatedJitterNeedFewerCallsThanNoJitter() {
        double noJitter = RESULTS.get("no jitter (exponential)").calls;

        assertThat(RESULTS.get("full jitter (exponential-jitter)").calls).isLessThan(noJitter / 2);
        assertThat(RESULTS.get("decorrelated-jitter").calls).isLessThan(noJitter / 2);
        assertThat(RESULTS.get("equal jitter (local)").calls).isLessThan(noJitter);
    }

    @Test
    void jitterFinishesTheWorkSoonerThanNoJitter() {
        double noJitter = RESULTS.get("no jitter (exponential)").completionNanos;

        assertThat(RESULTS.get("full jitter (exponential-jitter)").completionNanos).isLessThan(noJitter);
        assertThat(RESULTS.get("decorrelated-jitter").completionNanos).isLessThan(noJitter);
    }

    private static Contention averageOverSeeds(BackoffStrategy strategy) {
        double calls = 0;
        double completion = 0;
        for (int seed = 1; seed <= SEEDS; seed++) {
            Contention run = contend(strategy, new SplittableRandom(seed));
            calls += run.calls;
            completion += run.completionNanos;
        }
        return new Contention(calls / SEEDS, completion / SEEDS);
    }

    /** One run: every client starts at 0 and retries until its write wins a slot. */
    private static Contention contend(BackoffStrategy strategy, RandomGenerator random) {
        long[] retries = new long[CLIENTS];
        long[] previousDelay = new long[CLIENTS];
        // (attempt time, client), earliest first
        PriorityQueue<long[]> pending = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        for (int client = 0; client < CLIENTS; client++) {
            pending.add(new long[] {0L, client});
        }
        long calls = 0;
        long completion = 0;
        List<long[]> contenders = new ArrayList<>();
        while (!pending.isEmpty()) {
            long slot = pending.peek()[0] / SLOT_NANOS;
            contenders.clear();
            while (!pending.isEmpty() && pending.peek()[0] / SLOT_NANOS == slot) {
                contenders.add(pending.poll());
            }
            calls += contenders.size();
            int winner = random.nextInt(contenders.size());
            completion = (slot + 1) * SLOT_NANOS;
            for (int i = 0; i < contenders.size(); i++) {
                if (i == winner) {
                    continue;
                }
                long[] attempt = contenders.get(i);
                int client = (int) attempt[1];
                long delay = strategy.delayNanos((int) ++retries[client], previousDelay[client], random);
                previousDelay[client] = delay;
                pending.add(new long[] {Math.max(attempt[0] + delay, (slot + 1) * SLOT_NANOS), client});
            }
        }
        return new Contention(calls, completion);
    }

    private record Contention(double calls, double completionNanos) {
    }

    /** AWS "equal jitter": half the exponential delay, plus a uniformly random share of the other half. */
    private static final class EqualJitterBackoff implements BackoffStrategy {
        private final ExponentialBackoff exponential;

        EqualJitterBackoff(BackoffSettings settings) {
            this.exponential = new ExponentialBackoff(settings);
        }

        @Override
        public long delayNanos(int retry, long previousDelayNanos, RandomGenerator random) {
            long delay = exponential.delayNanos(retry, previousDelayNanos, random);
            long half = delay / 2;
            return half + (long) (random.nextDouble() * (delay - half));
        }
    }
}
