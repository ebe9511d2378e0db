package dev.retrykit.core;

import dev.retrykit.core.bulkhead.Bulkhead;
import dev.retrykit.core.internal.CompiledPolicy;
import dev.retrykit.core.time.Scheduler;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One asynchronous attempt waiting for a bulkhead permit without a thread: it is told when a permit is released and
 * then tries again ({@code retry}, handed to the scheduler's executor so that no attempt runs on the releasing
 * thread), or tries a last time when its wait — the bulkhead's {@code max-wait} counted from the attempt's first
 * refusal, cut at the deadline — has run out. Cancelling it (the caller cancelled the call) stops both. Of woken,
 * run out and cancelled exactly one happens; a woken attempt that finds the permit taken again waits what is left.
 *
 * <p>Thread-safe: the three endings race on one flag.
 */
final class AsyncPermitWait implements Runnable, Scheduler.Cancellable {

    private final int attempt;
    private final long endNanos;
    private final boolean deadlineBound;
    private final AtomicBoolean ended = new AtomicBoolean();
    private Bulkhead bulkhead;
    private Scheduler scheduler;
    private Runnable retry;
    private volatile Scheduler.Cancellable timeout;

    private AsyncPermitWait(int attempt, long endNanos, boolean deadlineBound) {
        this.attempt = attempt;
        this.endNanos = endNanos;
        this.deadlineBound = deadlineBound;
    }

    /**
     * The wait of attempt {@code attempt}: what is left of {@code previous} when it waited for the same attempt,
     * else {@code maxWaitNanos} from {@code nowNanos}, cut at {@code deadline}.
     */
    static AsyncPermitWait forAttempt(AsyncPermitWait previous, int attempt, long maxWaitNanos, long deadline,
                                      long nowNanos) {
        if (previous != null && previous.attempt == attempt) {
            return new AsyncPermitWait(attempt, previous.endNanos, previous.deadlineBound);
        }
        long wait = Math.max(0, maxWaitNanos);
        if (deadline != CompiledPolicy.NONE && deadline - nowNanos < wait) {
            return new AsyncPermitWait(attempt, nowNanos + Math.max(0, deadline - nowNanos), true);
        }
        return new AsyncPermitWait(attempt, nowNanos + wait, false);
    }

    /** Whether the deadline, not the bulkhead's {@code max-wait}, bounds this wait. */
    boolean deadlineBound() {
        return deadlineBound;
    }

    /**
     * Starts waiting for a permit of {@code bulkhead}, {@code retry} to run on {@code scheduler}'s executor when one
     * may be free or the wait runs out.
     *
     * @return false when nothing is left of the wait (nothing started)
     */
    boolean start(Bulkhead bulkhead, Scheduler scheduler, Runnable retry, long nowNanos) {
        long left = endNanos - nowNanos;
        if (left <= 0) {
            return false;
        }
        this.bulkhead = bulkhead;
        this.scheduler = scheduler;
        this.retry = retry;
        timeout = scheduler.schedule(this::runOut, left);
        bulkhead.onPermitFree(this);
        return true;
    }

    /** A permit was released: try again, on the executor. */
    @Override
    public void run() {
        if (!ended.compareAndSet(false, true)) {
            // told after it stopped waiting: pass the wake-up on
            bulkhead.wakeOneIfFree();
            return;
        }
        Scheduler.Cancellable pending = timeout;
        if (pending != null) {
            pending.cancel();
        }
        scheduler.schedule(retry, 0);
    }

    /** The wait ran out (on the executor already): one last try, which refuses the attempt when it fails. */
    private void runOut() {
        if (ended.compareAndSet(false, true)) {
            bulkhead.removeWaiter(this);
            retry.run();
        }
    }

    /** The call was cancelled: stop waiting. */
    @Override
    public boolean cancel() {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        Scheduler.Cancellable pending = timeout;
        if (pending != null) {
            pending.cancel();
        }
        if (!bulkhead.removeWaiter(this)) {
            bulkhead.wakeOneIfFree();
        }
        return true;
    }
}
