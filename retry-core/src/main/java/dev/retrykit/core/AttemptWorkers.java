package dev.retrykit.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded executors retrykit runs attempts on when they must leave the caller's thread (a per-attempt timeout,
 * hedging), and that the scheduler hands asynchronous retries to. Bounded in every case: a task beyond the bound is
 * refused with {@link RejectedExecutionException}, which the call path turns into a rejection of the call, never a
 * failure of the dependency. An application may pass its own executor to
 * {@link ServiceRegistry.Builder#attemptExecutor(ExecutorService)} instead (the Spring starter uses an executor bean
 * named {@code retryAttemptExecutor} when there is one).
 */
public final class AttemptWorkers {

    /** Tasks allowed to run at once by {@link #newDefault()}. */
    public static final int DEFAULT_MAX_CONCURRENT = 256;

    private AttemptWorkers() {
    }

    /**
     * Virtual threads where the JVM has them (Java 21+), otherwise a platform pool of daemon threads named
     * {@code retrykit-attempt-N}; at most {@link #DEFAULT_MAX_CONCURRENT} tasks at once either way.
     */
    public static ExecutorService newDefault() {
        ThreadFactory virtual = virtualThreadFactory();
        return virtual != null ? bounded(virtual, DEFAULT_MAX_CONCURRENT) : newPlatformPool(DEFAULT_MAX_CONCURRENT);
    }

    /**
     * A pool of at most {@code maxThreads} daemon platform threads named {@code retrykit-attempt-N}, created on
     * demand and ended after 30 s idle; no queue, so a task finding every thread busy is refused.
     */
    public static ExecutorService newPlatformPool(int maxThreads) {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("maxThreads must be at least 1: " + maxThreads);
        }
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "retrykit-attempt-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(maxThreads, maxThreads, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), factory, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** A thread per task from {@code factory}, at most {@code maxConcurrent} running at once. */
    static ExecutorService bounded(ThreadFactory factory, int maxConcurrent) {
        return new BoundedThreadPerTask(factory, maxConcurrent);
    }

    /** Java 21's virtual thread factory named {@code retrykit-attempt-N}, or {@code null} on older JVMs. */
    private static ThreadFactory virtualThreadFactory() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            Object builder = lookup.findStatic(Thread.class, "ofVirtual",
                    MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual"))).invoke();
            MethodHandle name = lookup.findVirtual(builderType, "name",
                    MethodType.methodType(builderType, String.class, long.class));
            builder = name.invoke(builder, "retrykit-attempt-", 1L);
            return (ThreadFactory) lookup.findVirtual(builderType, "factory", MethodType.methodType(ThreadFactory.class))
                    .invoke(builder);
        } catch (Throwable notAvailable) {
            return null;
        }
    }

    /** Starts a new thread per task while fewer than the bound run; refuses beyond it. Thread-safe. */
    private static final class BoundedThreadPerTask extends AbstractExecutorService {
        private final ThreadFactory factory;
        private final int maxConcurrent;
        private final Semaphore running;
        private volatile boolean shutdown;

        BoundedThreadPerTask(ThreadFactory factory, int maxConcurrent) {
            this.factory = factory;
            this.maxConcurrent = maxConcurrent;
            this.running = new Semaphore(maxConcurrent);
        }

        @Override
        public void execute(Runnable task) {
            if (shutdown || !running.tryAcquire()) {
                throw new RejectedExecutionException("retrykit attempt workers are all busy or shut down");
            }
            Thread thread;
            try {
                thread = factory.newThread(() -> {
                    try {
                        task.run();
                    } finally {
                        running.release();
                    }
                });
            } catch (RuntimeException | Error e) {
                running.release();
                throw e;
            }
            thread.start();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown && running.availablePermits() == maxConcurrent;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return isTerminated();
        }
    }
}
