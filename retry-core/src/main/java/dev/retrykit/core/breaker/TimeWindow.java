package dev.retrykit.core.breaker;

import dev.retrykit.core.time.Clock;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The calls of the last {@code size} seconds, in one bucket per second.
 *
 * <p>Fast successes are counted in per-stripe bucket arrays: each cell of an {@link AtomicLongArray} packs the
 * bucket's second (high 32 bits) and its count (low 32 bits), so a thread rotates a stale bucket and counts in one
 * CAS. A thread picks its stripe by a probe of its identity and moves to the next stripe when a CAS fails, like
 * {@code LongAdder} cells; stripes are padded apart so they do not share cache lines. Marked calls (failed or slow)
 * go to one plain bucket array under the breaker's lock.
 *
 * <p>Calls also leave the window as time passes, without any new call. When successes leave, the rates can rise, so
 * after each evaluation that left failed or slow calls in the window, {@link #evaluationDue()} turns true at the next
 * second boundary (one volatile read and a clock read; the boundary is at most once a second, so the breaker takes
 * its lock for that at most once a second). Without failed or slow calls no expiry can raise a rate, and it stays
 * false without reading the clock.
 */
final class TimeWindow extends OutcomeWindow {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long COUNT_MASK = 0xFFFF_FFFFL;
    /** Eight longs: one cache line between the last bucket of a stripe and the first of the next. */
    private static final int PADDING = 8;

    private final int size;
    private final Clock clock;
    private final long originNanos;
    private final int stripeMask;
    private final int stride;
    private final AtomicLongArray fastSuccesses;
    private final long[] markedSecond;
    private final int[] markedCalls;
    private final int[] markedFailed;
    private final int[] markedSlow;
    /** The second of the last refresh; guarded by the breaker's lock. */
    private long refreshedSecond;
    /** When calls next leave the window after an evaluation that could be overturned; MAX_VALUE when none can be. */
    private volatile long nextEvaluationNanos = Long.MAX_VALUE;

    TimeWindow(int size, Clock clock) {
        this.size = size;
        this.clock = clock;
        this.originNanos = clock.nanoTime();
        int stripes = stripeCount();
        this.stripeMask = stripes - 1;
        this.stride = ((size + 7) & ~7) + PADDING;
        this.fastSuccesses = new AtomicLongArray(stripes * stride);
        this.markedSecond = new long[size];
        this.markedCalls = new int[size];
        this.markedFailed = new int[size];
        this.markedSlow = new int[size];
    }

    private long currentSecond() {
        return Math.max(0, clock.nanoTime() - originNanos) / NANOS_PER_SECOND;
    }

    @Override
    void recordFastSuccess() {
        long second = currentSecond();
        int bucket = (int) (second % size);
        int stripe = threadProbe() & stripeMask;
        while (true) {
            int index = stripe * stride + bucket;
            long value = fastSuccesses.get(index);
            long bucketSecond = value >>> 32;
            long next;
            if (bucketSecond == second) {
                next = value + 1;
            } else if (bucketSecond < second) {
                next = (second << 32) | 1;
            } else {
                // another thread already rotated this bucket to a later second: this outcome is out of the window
                return;
            }
            if (fastSuccesses.compareAndSet(index, value, next)) {
                return;
            }
            stripe = (stripe + 1) & stripeMask;
        }
    }

    @Override
    void recordMarked(boolean isFailure, boolean isSlow) {
        long second = currentSecond();
        int bucket = (int) (second % size);
        if (markedSecond[bucket] != second) {
            markedSecond[bucket] = second;
            markedCalls[bucket] = 0;
            markedFailed[bucket] = 0;
            markedSlow[bucket] = 0;
        }
        markedCalls[bucket]++;
        if (isFailure) {
            markedFailed[bucket]++;
        }
        if (isSlow) {
            markedSlow[bucket]++;
        }
        refreshAt(second);
    }

    @Override
    void refresh() {
        refreshAt(currentSecond());
    }

    private void refreshAt(long second) {
        refreshedSecond = second;
        long oldestLive = second - size + 1;
        long calls = 0;
        long failedCalls = 0;
        long slowCalls = 0;
        for (int bucket = 0; bucket < size; bucket++) {
            long bucketSecond = markedSecond[bucket];
            if (bucketSecond >= oldestLive && bucketSecond <= second) {
                calls += markedCalls[bucket];
                failedCalls += markedFailed[bucket];
                slowCalls += markedSlow[bucket];
            }
        }
        int length = fastSuccesses.length();
        for (int index = 0; index < length; index++) {
            long value = fastSuccesses.get(index);
            long bucketSecond = value >>> 32;
            if (bucketSecond >= oldestLive && bucketSecond <= second) {
                calls += value & COUNT_MASK;
            }
        }
        buffered = (int) Math.min(Integer.MAX_VALUE, calls);
        failed = (int) failedCalls;
        slow = (int) slowCalls;
    }

    @Override
    boolean evaluationDue() {
        long next = nextEvaluationNanos;
        return next != Long.MAX_VALUE && clock.nanoTime() >= next;
    }

    @Override
    void evaluated() {
        nextEvaluationNanos = failed > 0 || slow > 0
                ? originNanos + (refreshedSecond + 1) * NANOS_PER_SECOND
                : Long.MAX_VALUE;
    }

    @Override
    int effectiveMinimumCalls(int configuredMinimumCalls) {
        return configuredMinimumCalls;
    }

    @Override
    boolean hasShapeOf(CircuitBreakerConfig config) {
        return config.slidingWindowType() == SlidingWindowType.TIME && config.slidingWindowSize() == size;
    }
}
