package dev.retrykit.core.stats;

import dev.retrykit.core.Outcome;
import dev.retrykit.core.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one service in bounded memory, each with one meaning (see {@code docs/operations.md}, "Statistics"):
 * outcomes, attempts and retries since start, and the calls of a recent window that moves with the clock. A
 * successful first-attempt call costs one striped increment, one clock read and one volatile read; everything else
 * (calls, attempts, rates) is derived when read.
 *
 * <p>Thread-safe: counters are {@link LongAdder}s; the recent window takes a snapshot of the totals under a lock once
 * per slot (see {@link #RECENT_WINDOW}), and readers take the same lock.
 */
public final class ServiceStatistics {

    /** Attempt numbers tracked individually; higher attempts share the last slot. */
    public static final int TRACKED_ATTEMPTS = 10;

    /**
     * How far back the recent rates ({@link #recent()}, {@link #recentSuccessRate()}) look: the calls that ended in
     * the last 30 seconds, counted in slots of 3 seconds (so the oldest calls in it ended 27 to 30 seconds ago).
     */
    public static final Duration RECENT_WINDOW = RecentCalls.WINDOW;

    private final Clock clock;
    private final LongAdder[] outcomes = new LongAdder[Outcome.values().length];
    private final LongAdder retries = new LongAdder();
    private final LongAdder unattempted = new LongAdder();
    private final AtomicLongArray reachedAttempt = new AtomicLongArray(TRACKED_ATTEMPTS + 1);
    private final AtomicLongArray succeededAtAttempt = new AtomicLongArray(TRACKED_ATTEMPTS + 1);
    /** Replaced only by {@link #reset()}. */
    private volatile RecentCalls recentCalls;
    /** Created when first needed: only hedging without a fixed delay and adaptive timeouts record latencies. */
    private volatile LatencyHistogram latency;

    /** Creates empty statistics whose recent window runs on {@code clock}. */
    public ServiceStatistics(Clock clock) {
        this.clock = clock;
        for (int i = 0; i < outcomes.length; i++) {
            outcomes[i] = new LongAdder();
        }
        this.recentCalls = new RecentCalls(this, clock.coarseNanoTime());
    }

    /**
     * Records a finished call, now: it counts in the totals and in the recent window.
     *
     * @param outcome   how it ended
     * @param attempts  attempts that invoked the method (0 when rejected before the first)
     */
    public void recordCall(Outcome outcome, int attempts) {
        recentCalls.beforeRecord(clock.coarseNanoTime());
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
            synchronized (this) {
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

    /** All finished calls, whatever their outcome. */
    public long calls() {
        long sum = 0;
        for (LongAdder adder : outcomes) {
            sum += adder.sum();
        }
        return sum;
    }

    /** Calls that returned the method's own value: outcomes {@code success} and {@code success_after_retry}. */
    public long successes() {
        return count(Outcome.SUCCESS) + count(Outcome.SUCCESS_AFTER_RETRY);
    }

    /**
     * Calls that ended in an error raised by the method and reached the caller: outcomes {@code failure},
     * {@code exhausted} and {@code budget_exhausted} (a call whose error a fallback covered is a fallback).
     */
    public long failures() {
        return count(Outcome.FAILURE) + count(Outcome.EXHAUSTED) + count(Outcome.BUDGET_EXHAUSTED);
    }

    /** Retry attempts (attempts after the first). */
    public long retries() {
        return retries.sum();
    }

    /** Attempts of all calls, that is invocations of the method. */
    public long attempts() {
        return attemptedCalls() + retries.sum();
    }

    /** Calls that made at least one attempt (every call but those refused before the first). */
    public long attemptedCalls() {
        return calls() - unattempted.sum();
    }

    /** Attempts per call that made an attempt; 0 while no call made one. */
    public double averageAttempts() {
        long attempted = attemptedCalls();
        return attempted <= 0 ? 0 : (double) attempts() / attempted;
    }

    /**
     * Share of all calls, whatever their outcome, that returned the method's own value ({@link #successes()} over
     * {@link #calls()}): a call served by a fallback or the stale cache, rejected, refused a retry by a budget,
     * failed, exhausted or cancelled is not a success. {@code NaN} before the first call.
     */
    public double successRate() {
        return rate(successes(), calls());
    }

    /** Share of all calls served by a fallback or the stale cache; {@code NaN} before the first call. */
    public double fallbackRate() {
        return rate(count(Outcome.FALLBACK), calls());
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
        long reached = slot == 1 ? attemptedCalls() : reachedAttempt.get(slot);
        long succeeded = slot == 1 ? count(Outcome.SUCCESS) : succeededAtAttempt.get(slot);
        return reached == 0 ? Double.NaN : (double) succeeded / reached;
    }

    /** The calls that ended within the last {@link #RECENT_WINDOW}, by the clock. Takes a lock: off the call path. */
    public Recent recent() {
        return recentCalls.read(clock.coarseNanoTime());
    }

    /**
     * {@link Recent#successRate()} of the last {@link #RECENT_WINDOW}, with the same meaning as
     * {@link #successRate()}; 1 when no call ended in it (nothing is failing). What the health score and the
     * {@code adaptive} backoff read. Takes a lock: off the call path.
     */
    public double recentSuccessRate() {
        Recent recent = recent();
        return recent.calls() == 0 ? 1.0 : recent.successRate();
    }

    private static double rate(long part, long whole) {
        return whole <= 0 ? Double.NaN : Math.min(1.0, (double) part / whole);
    }

    /**
     * The calls that ended within a recent window.
     *
     * @param calls     calls that ended in it, whatever their outcome
     * @param successes of those, calls that returned the method's own value
     * @param fallbacks of those, calls served by a fallback or the stale cache
     * @param window    how far back it reaches
     */
    public record Recent(long calls, long successes, long fallbacks, Duration window) {

        /** Successes over calls; {@code NaN} when no call ended in the window. */
        public double successRate() {
            return rate(successes, calls);
        }

        /** Fallbacks over calls; {@code NaN} when no call ended in the window. */
        public double fallbackRate() {
            return rate(fallbacks, calls);
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
        synchronized (this) {
            latency = null;
        }
        recentCalls = new RecentCalls(this, clock.coarseNanoTime());
    }
}
