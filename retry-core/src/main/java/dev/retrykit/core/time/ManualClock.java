package dev.retrykit.core.time;

import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Virtual time for tests and simulations: a {@link Clock}, a {@link Sleeper} whose sleep advances the
 * clock instead of blocking, and a {@link Scheduler} whose tasks run when the clock is advanced past
 * their due time.
 *
 * <p>Thread-safe. Tasks run on the thread that advances the clock, in due-time order.
 */
public final class ManualClock implements Clock, Sleeper, Scheduler {

    private static final long EPOCH_START_MILLIS = 1_700_000_000_000L;

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong sleeps = new AtomicLong();
    private final AtomicLong sleptNanos = new AtomicLong();
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long sequence;

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public long currentTimeMillis() {
        return EPOCH_START_MILLIS + nanos.get() / 1_000_000L;
    }

    /** Advances virtual time by {@code nanos} (running due tasks) instead of blocking. */
    @Override
    public void sleep(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before a virtual sleep");
        }
        if (nanos <= 0) {
            return;
        }
        sleeps.incrementAndGet();
        sleptNanos.addAndGet(nanos);
        advanceNanos(nanos);
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
        Task scheduled;
        synchronized (tasks) {
            scheduled = new Task(nanos.get() + Math.max(0, delayNanos), sequence++, task);
            tasks.add(scheduled);
        }
        return () -> {
            synchronized (tasks) {
                return tasks.remove(scheduled);
            }
        };
    }

    /** Advances virtual time by the given milliseconds. */
    public void advanceMillis(long millis) {
        advanceNanos(millis * 1_000_000L);
    }

    /** Advances virtual time by {@code delta} nanoseconds, running every task that becomes due on the way. */
    public void advanceNanos(long delta) {
        long target = nanos.get() + delta;
        while (true) {
            Task next;
            synchronized (tasks) {
                next = tasks.peek();
                if (next == null || next.dueNanos > target) {
                    break;
                }
                tasks.poll();
            }
            nanos.accumulateAndGet(next.dueNanos, Math::max);
            next.task.run();
        }
        nanos.accumulateAndGet(target, Math::max);
    }

    /** Runs every scheduled task, advancing time to each one's due time, until none is left. */
    public void runAll() {
        while (true) {
            long due;
            synchronized (tasks) {
                Task next = tasks.peek();
                if (next == null) {
                    return;
                }
                due = next.dueNanos;
            }
            advanceNanos(Math.max(0, due - nanos.get()));
        }
    }

    /** Number of scheduled tasks not yet run. */
    public int pendingTasks() {
        synchronized (tasks) {
            return tasks.size();
        }
    }

    /** How many times {@link #sleep(long)} was called with a positive duration. */
    public long sleepCount() {
        return sleeps.get();
    }

    /** Total nanoseconds slept through {@link #sleep(long)}. */
    public long sleptNanos() {
        return sleptNanos.get();
    }

    private record Task(long dueNanos, long order, Runnable task) implements Comparable<Task> {
        @Override
        public int compareTo(Task other) {
            int byDue = Long.compare(dueNanos, other.dueNanos);
            return byDue != 0 ? byDue : Long.compare(order, other.order);
        }
    }
}
