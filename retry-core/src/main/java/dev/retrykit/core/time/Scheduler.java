package dev.retrykit.core.time;

/**
 * Runs a task after a delay without holding a thread meanwhile: the asynchronous retry path schedules
 * its next attempt here. Tests use {@link ManualClock}, whose tasks run when virtual time is advanced.
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

    /** A scheduled task that can still be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task; returns {@code false} when it already ran or was cancelled. */
        boolean cancel();
    }
}
