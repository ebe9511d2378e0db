package dev.retrykit.core.time;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Scheduler} backed by a {@link ScheduledExecutorService} used only as a timer: each due task is handed to
 * an executor, so no task runs on the timer thread. When the executor refuses a task, a {@link Scheduler.Rejectable}
 * task is told so; any other task then runs on the timer thread as a last resort (retrykit schedules only its own
 * short timeout actions that way).
 */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {

    private final ScheduledExecutorService timer;
    private final Executor executor;
    private final boolean owned;

    private ExecutorScheduler(ScheduledExecutorService timer, Executor executor, boolean owned) {
        this.timer = timer;
        this.executor = executor;
        this.owned = owned;
    }

    /** Wraps a timer that the caller owns and shuts down; due tasks run on {@code executor}. */
    public static ExecutorScheduler of(ScheduledExecutorService timer, Executor executor) {
        return new ExecutorScheduler(Objects.requireNonNull(timer, "timer"), Objects.requireNonNull(executor, "executor"), false);
    }

    /**
     * Wraps a scheduled executor that the caller owns and shuts down; due tasks run on its own threads, so give it
     * enough of them for the tasks it runs.
     */
    public static ExecutorScheduler of(ScheduledExecutorService executor) {
        return new ExecutorScheduler(Objects.requireNonNull(executor, "executor"), executor, false);
    }

    /**
     * Creates a timer with one daemon thread named {@code retrykit-scheduler-N} that hands due tasks to
     * {@code executor}; {@link #close()} stops the timer (not the executor).
     */
    public static ExecutorScheduler newDaemon(Executor executor) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "retrykit-scheduler-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, factory);
        pool.setRemoveOnCancelPolicy(true);
        return new ExecutorScheduler(pool, Objects.requireNonNull(executor, "executor"), true);
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
        ScheduledFuture<?> future = timer.schedule(() -> handOff(task), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    private void handOff(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException refused) {
            if (task instanceof Rejectable rejectable) {
                rejectable.onRejected();
            } else {
                task.run();
            }
        }
    }

    @Override
    public void close() {
        if (owned) {
            timer.shutdownNow();
        }
    }
}
