package dev.retrykit.core.time;

/**
 * Runs a task after a delay without holding a thread meanwhile: the asynchronous retry path schedules its next
 * attempt, its timeouts and its hedges here. The timer itself must never run the tasks: they are user code (an
 * attempt, a caller's callbacks), so an implementation hands each due task to an executor ({@link ExecutorScheduler}
 * does), and one slow task cannot delay another service's timeouts. Tests use {@link ManualClock}, whose tasks run
 * on the thread that advances virtual time.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Scheduler {

    /**
     * Schedules {@code task} to run once after {@code delayNanos}.
     *
     * @return a handle that cancels the task if it has not started yet
     */
    Cancellable schedule(Runnable task, long delayNanos);

    /**
     * A task that has something better to do than run on the timer when the executor refuses it: an implementation
     * calls {@link #onRejected()} instead of {@link Runnable#run()} then.
     */
    interface Rejectable extends Runnable {
        /** The executor refused the due task; it will not run. */
        void onRejected();
    }

    /** A scheduled task that can still be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task; returns {@code false} when it already ran or was cancelled. */
        boolean cancel();
    }
}
