package dev.retrykit.benchmarks;

import dev.failsafe.spi.Scheduler;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Failsafe scheduler that runs work due now on the calling thread, as retrykit and Resilience4j run a first
 * asynchronous attempt; delayed work goes to Failsafe's default scheduler. Without it Failsafe's asynchronous
 * path would hand every call to the common pool and the benchmark would measure that hand-off.
 */
final class CallerRunsScheduler implements Scheduler {

    @Override
    public ScheduledFuture<?> schedule(Callable<?> callable, long delay, TimeUnit unit) {
        if (delay > 0) {
            return Scheduler.DEFAULT.schedule(callable, delay, unit);
        }
        FutureTask<Object> task = new FutureTask<>(callable::call);
        task.run();
        return new Ran(task);
    }

    /** A task that already ran. */
    private static final class Ran implements ScheduledFuture<Object> {
        private final FutureTask<Object> task;

        Ran(FutureTask<Object> task) {
            this.task = task;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return task.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return task.isCancelled();
        }

        @Override
        public boolean isDone() {
            return task.isDone();
        }

        @Override
        public Object get() throws InterruptedException, ExecutionException {
            return task.get();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return task.get(timeout, unit);
        }
    }
}
