package dev.retrykit.core.bulkhead;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Limits the calls in flight to one service to {@code maxConcurrentCalls}, so a slow dependency cannot take every
 * thread of the application. A call that finds no free permit is refused at once or, with
 * {@link #tryAcquire(long)}, waits a bounded time for one; an asynchronous caller waits without a thread by asking to
 * be told when a permit is released ({@link #onPermitFree}).
 *
 * <p>Backed by a {@link Semaphore}: a resize releases or withdraws the difference in permits, so when the size is
 * lowered below the calls in flight no new call is admitted until enough of them have finished. The bounded wait is
 * real time (it parks the thread); it is the caller that bounds it by its deadline.
 *
 * <p>Thread-safety: every method is safe to call from any thread; {@link #reconfigure(BulkheadConfig)} calls are
 * serialised with each other. Every successful acquire must be matched by exactly one {@link #release()}.
 */
public final class Bulkhead {

    private final ResizableSemaphore permits;
    /** Asynchronous callers told when a permit is released, oldest first. */
    private final Queue<Runnable> waiters = new ConcurrentLinkedQueue<>();
    private volatile BulkheadConfig config;

    /**
     * Creates a bulkhead with all permits free.
     *
     * @param config the settings
     */
    public Bulkhead(BulkheadConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.permits = new ResizableSemaphore(config.maxConcurrentCalls());
    }

    /**
     * Takes a permit if one is free now, without waiting.
     *
     * @return whether the call may proceed
     */
    public boolean tryAcquire() {
        return permits.tryAcquire();
    }

    /**
     * Takes a permit, waiting at most {@code maxWaitNanos} for one to be released.
     *
     * @param maxWaitNanos the longest wait in nanoseconds; 0 or less means no wait
     * @return whether the call may proceed
     * @throws InterruptedException when the thread is interrupted before or while waiting
     */
    public boolean tryAcquire(long maxWaitNanos) throws InterruptedException {
        if (maxWaitNanos <= 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted before acquiring a bulkhead permit");
            }
            return permits.tryAcquire();
        }
        return permits.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
    }

    /** Gives back a permit taken by a successful acquire, and wakes one asynchronous waiter if there is one. */
    public void release() {
        permits.release();
        if (!waiters.isEmpty()) {
            wakeOneIfFree();
        }
    }

    /**
     * Asks to be told, without a thread waiting, when a permit may be had: {@code waiter} runs once, on the thread
     * that releases a permit (or at once, on this thread, when one is free already). It holds no permit then: it must
     * {@link #tryAcquire()} one and may find it taken again. A waiter that stops waiting (timed out, cancelled) calls
     * {@link #removeWaiter}, and, when it was woken after it had stopped waiting, {@link #wakeOneIfFree()} so that no
     * wake-up is lost. {@code waiter} must be quick and must not block: hand real work to an executor.
     *
     * @param waiter told once when a permit may be free
     */
    public void onPermitFree(Runnable waiter) {
        waiters.add(Objects.requireNonNull(waiter, "waiter"));
        wakeOneIfFree();
    }

    /**
     * Forgets a waiter registered with {@link #onPermitFree} that no longer waits.
     *
     * @param waiter the waiter
     * @return whether it was still waiting to be told
     */
    public boolean removeWaiter(Runnable waiter) {
        return waiters.remove(waiter);
    }

    /** Wakes the oldest asynchronous waiter when a permit is free now. */
    public void wakeOneIfFree() {
        if (permits.availablePermits() > 0) {
            Runnable waiter = waiters.poll();
            if (waiter != null) {
                waiter.run();
            }
        }
    }

    /**
     * Permits free now.
     *
     * @return at least 0; below the size while calls are in flight
     */
    public int availableCalls() {
        return Math.max(0, permits.availablePermits());
    }

    /**
     * The current settings.
     *
     * @return the configuration last given
     */
    public BulkheadConfig config() {
        return config;
    }

    /**
     * Swaps the configuration; a new size applies at once to new calls, calls in flight keep their permits.
     *
     * @param newConfig the new settings
     */
    public void reconfigure(BulkheadConfig newConfig) {
        Objects.requireNonNull(newConfig, "config");
        int difference;
        synchronized (permits) {
            difference = newConfig.maxConcurrentCalls() - config.maxConcurrentCalls();
            if (difference > 0) {
                permits.release(difference);
            } else if (difference < 0) {
                permits.reducePermits(-difference);
            }
            config = newConfig;
        }
        // new permits wake asynchronous waiters as released ones would
        for (int i = 0; i < difference && !waiters.isEmpty(); i++) {
            wakeOneIfFree();
        }
    }

    /** A semaphore whose permits can be withdrawn, even below zero, while they are in use. */
    private static final class ResizableSemaphore extends Semaphore {

        private static final long serialVersionUID = 1L;

        ResizableSemaphore(int permits) {
            super(permits);
        }

        @Override
        protected void reducePermits(int reduction) {
            super.reducePermits(reduction);
        }
    }
}
