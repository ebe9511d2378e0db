package dev.retrykit.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.backoff.BackoffStrategies;
import dev.retrykit.core.breaker.CircuitBreakerConfig;
import dev.retrykit.core.budget.RetryBudgetConfig;
import dev.retrykit.core.bulkhead.BulkheadConfig;
import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Thundering herd: 1,000 clients see the same failure at {@code t = 0} and retry against a dependency that stays
 * down. Each client is one {@code callAsync} of its own on a shared {@link ManualClock}, so its retry times come
 * from the real retry loop (strategy, previous delay, cap). The figure is the peak number of retry attempts that
 * land in any 100 ms bucket: what the recovering dependency has to absorb at once.
 *
 * <p>All strategies share base 1 s, max 30 s, multiplier 2 and jitter 0.1, with 6 attempts (5 retries). Budgets,
 * breaker, bulkhead and the global retry limit are out of the way so that only the backoff shapes the load.
 */
class ThunderingHerdSimulationTest {

    private static final int CLIENTS = 1_000;
    private static final int MAX_ATTEMPTS = 6;
    private static final long BUCKET_NANOS = Duration.ofMillis(100).toNanos();
    private static final long SEED = 7L;

    private static final Map<String, Herd> HERDS = new LinkedHashMap<>();

    @BeforeAll
    static void simulateEveryStrategy() {
        for (String strategy : BackoffStrategies.builtIn().names()) {
            HERDS.put(strategy, simulate(strategy));
        }
        SimulationTable table = new SimulationTable(
                "Thundering herd: 1,000 clients fail at t=0, 5 retries each, base 1 s, max 30 s",
                "strategy", "peak retries / 100 ms", "peak at (ms)", "share of retries in peak bucket",
                "peak from 2nd retry on", "last retry (s)");
        HERDS.forEach((name, herd) -> table.row(name, herd.peak(), herd.peakBucket() * 100,
                SimulationTable.fixed(100.0 * herd.peak() / herd.retries(), 1) + " %", herd.peakFromSecondRetry(),
                SimulationTable.fixed(herd.lastRetryNanos() / 1e9, 1)));
        table.print();
    }

    @Test
    void fullJitterPeakIsAtMostAThirdOfPlainExponential() {
        Herd exponential = HERDS.get("exponential");
        Herd fullJitter = HERDS.get("exponential-jitter");

        assertThat(exponential.peak()).isEqualTo(CLIENTS);
        assertThat(fullJitter.peak()).isLessThanOrEqualTo(exponential.peak() / 3);
    }

    @Test
    void everyStrategyRetriesEveryClientFiveTimes() {
        HERDS.values().forEach(herd -> assertThat(herd.retries()).isEqualTo((long) CLIENTS * (MAX_ATTEMPTS - 1)));
    }

    @Test
    void strategiesWithoutRandomnessSendTheWholeHerdInOneBucket() {
        for (String strategy : List.of("immediate", "fixed", "linear", "exponential", "fibonacci", "adaptive")) {
            assertThat(HERDS.get(strategy).peak()).as(strategy).isGreaterThanOrEqualTo(CLIENTS);
        }
        // a relative jitter of 0.1 around 1 s spreads a wave over two buckets at best
        for (String strategy : List.of("linear-jitter", "constant-jitter")) {
            assertThat(HERDS.get(strategy).peak()).as(strategy).isLessThan(CLIENTS * 6 / 10);
        }
        assertThat(HERDS.get("decorrelated-jitter").peakFromSecondRetry()).isLessThan(CLIENTS / 3);
    }

    @Test
    void decorrelatedJitterSpreadsTheFirstRetryWave() {
        assertThat(HERDS.get("decorrelated-jitter").peak()).isLessThan(CLIENTS / 2);
    }

    private static Herd simulate(String strategy) {
        ManualClock clock = new ManualClock();
        ServicePolicy policy = ServicePolicy.builder().strategy(strategy).maxAttempts(MAX_ATTEMPTS)
                .baseDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofSeconds(30)).multiplier(2.0).jitter(0.1)
                .retryOn(IOException.class)
                .circuitBreaker(CircuitBreakerConfig.builder().enabled(false).build())
                .budget(RetryBudgetConfig.DISABLED)
                .bulkhead(new BulkheadConfig(CLIENTS, Duration.ZERO))
                .build();
        TreeMap<Long, Integer> retriesPerBucket = new TreeMap<>();
        TreeMap<Long, Integer> laterRetriesPerBucket = new TreeMap<>();
        try (ServiceRegistry registry = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock)
                .random(new Random(SEED)).globalBudget(RetryBudgetConfig.DISABLED).maxConcurrentRetries(CLIENTS).build()) {
            GuardedService service = registry.register("herd", policy);
            List<CompletableFuture<String>> clients = new ArrayList<>(CLIENTS);
            for (int i = 0; i < CLIENTS; i++) {
                int[] attempts = new int[1];
                Supplier<CompletionStage<String>> down = () -> {
                    int attempt = ++attempts[0];
                    if (attempt > 1) {
                        retriesPerBucket.merge(clock.nanoTime() / BUCKET_NANOS, 1, Integer::sum);
                    }
                    if (attempt > 2) {
                        laterRetriesPerBucket.merge(clock.nanoTime() / BUCKET_NANOS, 1, Integer::sum);
                    }
                    return CompletableFuture.failedFuture(new IOException("service unavailable"));
                };
                clients.add(service.callAsync(down));
            }
            clock.runAll();
            assertThat(clients).allMatch(CompletableFuture::isCompletedExceptionally);
            return new Herd(retriesPerBucket, laterRetriesPerBucket, clock.nanoTime());
        }
    }

    /** Retries per 100 ms bucket, all of them and those from the second retry on. */
    private record Herd(TreeMap<Long, Integer> retriesPerBucket, TreeMap<Long, Integer> laterRetriesPerBucket,
                        long lastRetryNanos) {
        int peak() {
            return retriesPerBucket.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }

        int peakFromSecondRetry() {
            return laterRetriesPerBucket.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }

        long peakBucket() {
            int peak = peak();
            return retriesPerBucket.entrySet().stream().filter(e -> e.getValue() == peak).findFirst().orElseThrow().getKey();
        }

        long retries() {
            return retriesPerBucket.values().stream().mapToLong(Integer::longValue).sum();
        }
    }
}
