package dev.retrykit.core.time;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Scheduler} backed by a {@link ScheduledExecutorService}. Scheduled tasks must be short: they
 * only start the next attempt, which itself runs asynchronously.
 */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {

    private final ScheduledExecutorService executor;
    private final boolean owned;

    private ExecutorScheduler(ScheduledExecutorService executor, boolean owned) {
        this.executor = executor;
        this.owned = owned;
    }

    /** Wraps an executor that the caller owns and shuts down. */
    public static ExecutorScheduler of(ScheduledExecutorService executor) {
        return new ExecutorScheduler(executor, false);
    }

    /** Creates a scheduler with one daemon thread named {@code retrykit-scheduler-N}; {@link #close()} stops it. */
    public static ExecutorScheduler newDaemon() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "retrykit-scheduler-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, factory);
        pool.setRemoveOnCancelPolicy(true);
        return new ExecutorScheduler(pool, true);
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
        ScheduledFuture<?> future = executor.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        if (owned) {
            executor.shutdownNow();
        }
    }
}
