package dev.retrykit.core.breaker;

import java.util.concurrent.atomic.LongAdder;

/**
 * The last {@code size} calls. Successes are indistinguishable, so the window only has to remember where the
 * marked (failed or slow) calls sit in the sequence of calls: fast successes go to a {@link LongAdder} (striped
 * cells picked by a per-thread probe), and every marked call is stored under the lock with its sequence number
 * {@code successes + marked}. A marked call leaves the window once {@code size} newer calls have been made.
 */
final class CountWindow extends OutcomeWindow {

    private static final byte FAILED = 1;
    private static final byte SLOW = 2;

    private final int size;
    private final LongAdder fastSuccesses = new LongAdder();
    private final long[] markedSequence;
    private final byte[] markedKind;
    private int head;
    private int markedInWindow;
    private long markedTotal;

    CountWindow(int size) {
        this.size = size;
        this.markedSequence = new long[size];
        this.markedKind = new byte[size];
    }

    @Override
    void recordFastSuccess() {
        fastSuccesses.increment();
    }

    @Override
    void recordMarked(boolean isFailure, boolean isSlow) {
        markedTotal++;
        long sequence = fastSuccesses.sum() + markedTotal;
        evictUpTo(sequence);
        // after eviction the window holds sequences in (sequence - size, sequence - 1]: at most size - 1 of them
        int tail = (head + markedInWindow) % size;
        markedSequence[tail] = sequence;
        byte kind = (byte) ((isFailure ? FAILED : 0) | (isSlow ? SLOW : 0));
        markedKind[tail] = kind;
        markedInWindow++;
        if (isFailure) {
            failed++;
        }
        if (isSlow) {
            slow++;
        }
        buffered = (int) Math.min(sequence, size);
    }

    @Override
    void refresh() {
        long total = fastSuccesses.sum() + markedTotal;
        evictUpTo(total);
        buffered = (int) Math.min(total, size);
    }

    private void evictUpTo(long newestSequence) {
        long oldestKept = newestSequence - size;
        while (markedInWindow > 0 && markedSequence[head] <= oldestKept) {
            byte kind = markedKind[head];
            if ((kind & FAILED) != 0) {
                failed--;
            }
            if ((kind & SLOW) != 0) {
                slow--;
            }
            head = (head + 1) % size;
            markedInWindow--;
        }
    }

    @Override
    boolean evaluationDue() {
        // calls leave only when newer calls are recorded, and those are evaluated as they come
        return false;
    }

    @Override
    void evaluated() {
        // nothing leaves by itself
    }

    @Override
    int effectiveMinimumCalls(int configuredMinimumCalls) {
        // a window of n calls can never buffer more than n, so a larger minimum would disarm the breaker
        return Math.min(configuredMinimumCalls, size);
    }

    @Override
    boolean hasShapeOf(CircuitBreakerConfig config) {
        return config.slidingWindowType() == SlidingWindowType.COUNT && config.slidingWindowSize() == size;
    }
}
