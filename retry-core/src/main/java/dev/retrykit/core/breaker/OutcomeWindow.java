package dev.retrykit.core.breaker;

/**
 * The sliding window of a {@link CircuitBreaker} in CLOSED state.
 *
 * <p>Outcomes are split in two kinds. Fast successes, the hot path, are recorded lock-free by
 * {@link #recordFastSuccess()} into striped storage, so threads recording at the same time touch different
 * memory. Failed and slow calls ("marked" calls) are rare, change the rates upwards and are recorded by
 * {@link #recordMarked(boolean, boolean)} under the breaker's lock, which is also held for {@link #refresh()} and
 * the getters of the last refresh.
 */
abstract class OutcomeWindow {

    /**
     * Set under the breaker's lock when a success could still trip the breaker: the window holds failed or slow
     * calls but fewer than the minimum number of calls, so the next success may bring the rate into force.
     */
    volatile boolean evaluateOnSuccess;

    int buffered;
    int failed;
    int slow;

    /** Records one successful call shorter than the slow-call duration; lock-free, no allocation. */
    abstract void recordFastSuccess();

    /** Records a failed and/or slow call and refreshes the counts; caller holds the breaker's lock. */
    abstract void recordMarked(boolean isFailure, boolean isSlow);

    /** Recomputes {@link #buffered}, {@link #failed} and {@link #slow} for now; caller holds the breaker's lock. */
    abstract void refresh();

    /**
     * Whether calls may have left the window since the breaker last evaluated it, in a way that could raise a rate:
     * lock-free and allocation-free, cheap enough for every permission request.
     */
    abstract boolean evaluationDue();

    /** Notes that the breaker evaluated the counts of the last refresh; caller holds the breaker's lock. */
    abstract void evaluated();

    /** The minimum number of buffered calls before a rate applies, given the configured one. */
    abstract int effectiveMinimumCalls(int configuredMinimumCalls);

    /** Whether this window has the shape (type and size) of {@code config}. */
    abstract boolean hasShapeOf(CircuitBreakerConfig config);

    /** A stripe index for the calling thread; stable per thread, spread by a hash so threads rarely share. */
    static int threadProbe() {
        int h = System.identityHashCode(Thread.currentThread());
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }

    /** Stripes for per-thread storage: the processors rounded up to a power of two, at least 2, at most 64. */
    static int stripeCount() {
        int processors = Math.max(2, Runtime.getRuntime().availableProcessors());
        return Math.min(64, Integer.highestOneBit(processors * 2 - 1));
    }
}
