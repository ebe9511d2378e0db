package dev.retrykit.core.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a task on several threads released together by a start gate, and waits for all of them with a timeout.
 * The first failure of any thread is rethrown on the test's thread.
 */
public final class RacingThreads {

    /** A task run by each racing thread; receives the thread's index. */
    @FunctionalInterface
    public interface Task {
        void run(int threadIndex) throws Exception;
    }

    private RacingThreads() {
    }

    /** Runs {@code task} on {@code threads} threads at once; fails when one throws or they do not end in 30 s. */
    public static void race(int threads, Task task) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int index = i;
            Thread thread = new Thread(() -> {
                ready.countDown();
                try {
                    start.await();
                    task.run(index);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "racer-" + i);
            thread.setDaemon(true);
            thread.start();
            started.add(thread);
        }
        ready.await(30, TimeUnit.SECONDS);
        start.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread thread : started) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " did not finish within 30 s");
            }
        }
        if (failure.get() != null) {
            throw new AssertionError("a racing thread failed", failure.get());
        }
    }
}
