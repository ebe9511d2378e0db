package dev.retrykit.core.stats;

import dev.retrykit.core.Outcome;
import dev.retrykit.core.time.Clock;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one service in bounded memory. A successful first-attempt call costs exactly one striped
 * increment: everything else (calls, attempts, success rate) is derived when read.
 *
 * <p>Thread-safe: counters are {@link LongAdder}s; the recent-success-rate window rotates under a lock taken
 * only by readers.
 */
public final class ServiceStatistics {

    /** Attempt numbers tracked individually; higher attempts share the last slot. */
    public static final int TRACKED_ATTEMPTS = 10;

    private static final long RECENT_WINDOW_NANOS = 10_000_000_000L;

    private final Clock clock;
    private final LongAdder[] outcomes = new LongAdder[Outcome.values().length];
    private final LongAdder retries = new LongAdder();
    private final LongAdder unattempted = new LongAdder();
    private final AtomicLongArray reachedAttempt = new AtomicLongArray(TRACKED_ATTEMPTS + 1);
    private final AtomicLongArray succeededAtAttempt = new AtomicLongArray(TRACKED_ATTEMPTS + 1);
    /** Created when first needed: only hedging without a fixed delay and adaptive timeouts record latencies. */
    private volatile LatencyHistogram latency;

    private final Object windowLock = new Object();
    private long windowStartNanos;
    private long windowStartCalls;
    private long windowStartSuccesses;
    private long previousCalls;
    private long previousSuccesses;

    /** Creates empty statistics whose recent window runs on {@code clock}. */
    public ServiceStatistics(Clock clock) {
        this.clock = clock;
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = new LongAdder();
        }
        windowStartNanos = clock.nanoTime();
    }

    /**
     * Records a finished call.
     *
     * @param outcome   how it ended
     * @param attempts  attempts that invoked the method (0 when rejected before the first)
     */
    public void recordCall(Outcome outcome, int attempts) {
        outcomes[outcome.ordinal()].increment();
        if (attempts == 0) {
            unattempted.increment();
        } else if (attempts > 1 && outcome == Outcome.SUCCESS_AFTER_RETRY) {
            succeededAtAttempt.incrementAndGet(Math.min(attempts, TRACKED_ATTEMPTS));
        }
    }

    /** Records that retry attempt number {@code attempt} (2 or more) is starting. */
    public void recordRetry(int attempt) {
        retries.increment();
        reachedAttempt.incrementAndGet(Math.min(attempt, TRACKED_ATTEMPTS));
    }

    /** Records one successful attempt's latency, for hedging delays and adaptive timeouts. */
    public void recordLatency(long nanos) {
        latency().record(nanos);
    }

    /** Latency distribution of successful attempts (empty until a policy records latencies). */
    public LatencyHistogram latency() {
        LatencyHistogram current = latency;
        if (current == null) {
            synchronized (windowLock) {
                current = latency;
                if (current == null) {
                    current = new LatencyHistogram();
                    latency = current;
                }
            }
        }
        return current;
    }

    /** Calls finished with {@code outcome}. */
    public long count(Outcome outcome) {
        return outcomes[outcome.ordinal()].sum();
    }

    /** All finished calls. */
    public long calls() {
        long sum = 0;
        for (LongAdder adder : outcomes) {
            sum += adder.sum();
        }
        return sum;
    }

    /** Calls that returned the method's own value. */
    public long successes() {
        return count(Outcome.SUCCESS) + count(Outcome.SUCCESS_AFTER_RETRY);
    }

    /** Calls that ended in an error raised by the method (non-retryable, exhausted or budget-exhausted). */
    public long failures() {
        return count(Outcome.FAILURE) + count(Outcome.EXHAUSTED) + count(Outcome.BUDGET_EXHAUSTED);
    }

    /** Retry attempts (attempts after the first). */
    public long retries() {
        return retries.sum();
    }

    /** Attempts of all calls. */
    public long attempts() {
        return calls() - unattempted.sum() + retries.sum();
    }

    /** Attempts per call; 0 before the first call. */
    public double averageAttempts() {
        long calls = calls();
        return calls == 0 ? 0 : (double) attempts() / calls;
    }

    /** Successes over calls that ended with a value or an error of the method; 1 before any call. */
    public double successRate() {
        long successes = successes();
        long decided = successes + failures();
        return decided == 0 ? 1.0 : (double) successes / decided;
    }

    /**
     * Share of calls that reached attempt {@code attempt} and succeeded there; attempts above
     * {@link #TRACKED_ATTEMPTS} share the last slot. NaN when no call reached it.
     */
    public double successRateAtAttempt(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1: " + attempt);
        }
        int slot = Math.min(attempt, TRACKED_ATTEMPTS);
        long reached = slot == 1 ? calls() - unattempted.sum() : reachedAttempt.get(slot);
        long succeeded = slot == 1 ? count(Outcome.SUCCESS) : succeededAtAttempt.get(slot);
        return reached == 0 ? Double.NaN : (double) succeeded / reached;
    }

    /**
     * Success rate of roughly the last 10 to 20 seconds (the previous full window plus the current one); 1 when
     * nothing was called recently. Reads the clock and may rotate the window: call it off the success path.
     */
    public double recentSuccessRate() {
        long now = clock.nanoTime();
        synchronized (windowLock) {
            long successes = successes();
            long calls = successes + failures();
            if (now - windowStartNanos >= RECENT_WINDOW_NANOS) {
                boolean skippedWindow = now - windowStartNanos >= 2 * RECENT_WINDOW_NANOS;
                previousCalls = skippedWindow ? 0 : calls - windowStartCalls;
                previousSuccesses = skippedWindow ? 0 : successes - windowStartSuccesses;
                windowStartNanos = now;
                windowStartCalls = calls;
                windowStartSuccesses = successes;
            }
            long recentCalls = previousCalls + (calls - windowStartCalls);
            long recentSuccesses = previousSuccesses + (successes - windowStartSuccesses);
            return recentCalls <= 0 ? 1.0 : Math.max(0.0, Math.min(1.0, (double) recentSuccesses / recentCalls));
        }
    }

    /**
     * Forgets everything recorded, as after construction; the recent window starts now. Meant for tests that share
     * one service between cases: calls finishing while it runs may be half counted.
     */
    public void reset() {
        for (LongAdder outcome : outcomes) {
            outcome.reset();
        }
        retries.reset();
        unattempted.reset();
        for (int i = 0; i <= TRACKED_ATTEMPTS; i++) {
            reachedAttempt.set(i, 0);
            succeededAtAttempt.set(i, 0);
        }
        synchronized (windowLock) {
            latency = null;
            windowStartNanos = clock.nanoTime();
            windowStartCalls = 0;
            windowStartSuccesses = 0;
            previousCalls = 0;
            previousSuccesses = 0;
        }
    }
}
