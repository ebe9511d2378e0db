package dev.retrykit.core;

import dev.retrykit.core.internal.CompiledPolicy;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the attempt on a worker of the registry's bounded attempt executor and waits at most the per-attempt timeout
 * (capped by the deadline). When it overruns, the caller gets control back with an {@link AttemptTimeoutException}
 * and the worker is interrupted; the attempt keeps its bulkhead permit until its body has really returned, so an
 * operation that ignores interrupts still counts against the bulkhead.
 */
final class TimedAttempt implements AttemptRunner {

    private final GuardedService service;

    TimedAttempt(GuardedService service) {
        this.service = service;
    }

    @Override
    public <A, T> T run(CheckedFunction<? super A, ? extends T> operation, A argument, CompiledPolicy p, long deadline)
            throws Throwable {
        long limit = service.timeouts.limitNanos(p, deadline);
        CheckedSupplier<T> attempt = () -> operation.apply(argument);
        FutureTask<T> task = start(service, attempt, p);
        try {
            return task.get(limit, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw WorkerInterrupted.wrap(e.getCause());
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new AttemptTimeoutException(service.name(), Duration.ofNanos(limit));
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /**
     * Starts {@code operation} (decorated with the caller's context) on a worker.
     *
     * @throws WorkerUnavailable when the executor refuses the task (the permit is given back then)
     */
    static <T> FutureTask<T> start(GuardedService service, CheckedSupplier<? extends T> operation, CompiledPolicy p)
            throws WorkerUnavailable {
        FutureTask<T> task = new FutureTask<>(decorated(service, operation));
        launch(service, task, p, false);
        return task;
    }

    /** The worker's callable: {@code operation} with the caller's context around it. */
    static <T> java.util.concurrent.Callable<T> decorated(GuardedService service, CheckedSupplier<? extends T> operation) {
        CheckedSupplier<? extends T> decorated = service.registry.attemptDecorator.decorate(operation);
        return () -> AttemptRunner.callUnchecked(decorated);
    }

    /**
     * Hands {@code task} to a worker. The attempt's bulkhead permit (and, for a hedge paid like a retry, its
     * global-limit slot) is given back when the worker is done with the task — after the body returned, or at once
     * when the task was cancelled before it started.
     *
     * @throws WorkerUnavailable when the executor refuses the task (the permits are given back then)
     */
    static void launch(GuardedService service, FutureTask<?> task, CompiledPolicy p, boolean paidRetry)
            throws WorkerUnavailable {
        Admission admission = service.admission;
        RetryDecision decision = service.decision;
        Executor workers = service.registry.attemptExecutor;
        Runnable release = () -> {
            admission.releaseAttemptPermit(p);
            if (paidRetry) {
                decision.releaseRetryPermit();
            }
        };
        try {
            workers.execute(() -> {
                try {
                    task.run();
                } finally {
                    release.run();
                }
            });
        } catch (RejectedExecutionException busy) {
            release.run();
            throw new WorkerUnavailable();
        }
    }
}
