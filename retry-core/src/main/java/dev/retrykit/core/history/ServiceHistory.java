package dev.retrykit.core.history;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.bulkhead.BulkheadConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters and the samples of one service. Counters only grow (striped, so that concurrent calls do not contend):
 * a sample is the difference to the totals of the previous sample, so an increment is never lost between two
 * samples. Samples are kept in a ring of fixed capacity.
 *
 * <p>Thread-safe: the {@code record...} methods are lock-free and allocation-free; {@link #sample} is called by one
 * sampling thread at a time and takes the ring's lock, as does {@link #samples()}.
 */
final class ServiceHistory {

    private static final Outcome[] OUTCOMES = Outcome.values();
    /** Four buckets per power of two, the first four for 0..3 ns: an upper bound at most 25 % above the value. */
    private static final int LATENCY_BUCKETS = 4 * 62;

    private final LongAdder[] outcomes = new LongAdder[OUTCOMES.length];
    private final LongAdder attempts = new LongAdder();
    private final LongAdder failedAttempts = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final AtomicLongArray latencyBuckets = new AtomicLongArray(LATENCY_BUCKETS);
    /** The most severe breaker state entered since the last sample; null until the first transition. */
    private final AtomicReference<CircuitState> worstSinceSample = new AtomicReference<>();

    // written only by the sampling thread
    private final long[] previousOutcomes = new long[OUTCOMES.length];
    private final long[] previousLatency = new long[LATENCY_BUCKETS];
    private long previousAttempts;
    private long previousFailedAttempts;
    private long previousRetries;

    private final int capacity;
    private final ArrayDeque<HistorySample> ring;

    ServiceHistory(int capacity) {
        this.capacity = capacity;
        this.ring = new ArrayDeque<>(capacity);
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = new LongAdder();
        }
    }

    void recordCall(Outcome outcome, int attempted, long durationNanos) {
        outcomes[outcome.ordinal()].increment();
        if (attempted > 0) {
            latencyBuckets.incrementAndGet(bucketOf(durationNanos));
        }
    }

    void recordAttemptStarted(int attempt) {
        attempts.increment();
        if (attempt > 1) {
            retries.increment();
        }
    }

    void recordAttemptFailed() {
        failedAttempts.increment();
    }

    void recordTransition(CircuitState to) {
        while (true) {
            CircuitState worst = worstSinceSample.get();
            if (worst != null && severity(worst) >= severity(to)) {
                return;
            }
            if (worstSinceSample.compareAndSet(worst, to)) {
                return;
            }
        }
    }

    /** Takes the sample of the interval that ends now; one sampling thread at a time. */
    void sample(GuardedService service, long epochMillis) {
        long[] counts = new long[OUTCOMES.length];
        for (int i = 0; i < counts.length; i++) {
            long total = outcomes[i].sum();
            counts[i] = total - previousOutcomes[i];
            previousOutcomes[i] = total;
        }
        long attemptsTotal = attempts.sum();
        long failedTotal = failedAttempts.sum();
        long retriesTotal = retries.sum();
        long p95 = intervalQuantile(0.95);
        CircuitState state = service.circuitBreaker().state();
        CircuitState entered = worstSinceSample.getAndSet(null);
        CircuitState worst = entered != null && severity(entered) > severity(state) ? entered : state;
        double budget = service.budget().config().enabled() ? service.budget().remaining() : Double.NaN;
        int bulkhead = service.bulkhead().config().maxConcurrentCalls() == BulkheadConfig.UNLIMITED
                ? -1 : service.bulkhead().availableCalls();
        HistorySample sample = new HistorySample(epochMillis, counts, attemptsTotal - previousAttempts,
                failedTotal - previousFailedAttempts, retriesTotal - previousRetries, p95, budget, bulkhead, state,
                worst);
        previousAttempts = attemptsTotal;
        previousFailedAttempts = failedTotal;
        previousRetries = retriesTotal;
        synchronized (ring) {
            if (ring.size() == capacity) {
                ring.removeFirst();
            }
            ring.addLast(sample);
        }
    }

    /** The kept samples, oldest first. */
    List<HistorySample> samples() {
        synchronized (ring) {
            return new ArrayList<>(ring);
        }
    }

    /** The quantile of the latencies recorded since the previous sample, which it then forgets; -1 when none. */
    private long intervalQuantile(double quantile) {
        long[] interval = new long[LATENCY_BUCKETS];
        long total = 0;
        for (int i = 0; i < LATENCY_BUCKETS; i++) {
            long cumulative = latencyBuckets.get(i);
            interval[i] = cumulative - previousLatency[i];
            previousLatency[i] = cumulative;
            total += interval[i];
        }
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < LATENCY_BUCKETS; i++) {
            seen += interval[i];
            if (seen >= rank) {
                return upperBoundOf(i);
            }
        }
        return upperBoundOf(LATENCY_BUCKETS - 1);
    }

    static int bucketOf(long nanos) {
        if (nanos < 4) {
            return (int) Math.max(0, nanos);
        }
        int exponent = 63 - Long.numberOfLeadingZeros(nanos);
        int sub = (int) (nanos >>> (exponent - 2)) & 3;
        return Math.min(4 * (exponent - 1) + sub, LATENCY_BUCKETS - 1);
    }

    /** The largest value of {@code bucket}. */
    static long upperBoundOf(int bucket) {
        if (bucket < 4) {
            return bucket;
        }
        int exponent = bucket / 4 + 1;
        int sub = bucket % 4;
        return ((5L + sub) << (exponent - 2)) - 1;
    }

    private static int severity(CircuitState state) {
        return switch (state) {
            case DISABLED -> 0;
            case CLOSED -> 1;
            case HALF_OPEN -> 2;
            case OPEN -> 3;
            case FORCED_OPEN -> 4;
        };
    }
}
