package dev.retrykit.core;

import dev.retrykit.core.internal.CompiledPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs the attempt on a worker and, while nothing has succeeded after the hedge delay, up to {@code max-hedges}
 * copies of it beside it; the first success wins and the others are cancelled. Each hedge is gated like a retry (the
 * global limit and the service and global budgets, {@link RetryDecision#tryAcquireRetryPermit}) and needs a bulkhead
 * permit of its own, given back when its body returns; a hedge that cannot pass its gates is not started.
 */
final class HedgedAttempt implements AttemptRunner {

    private final GuardedService service;

    HedgedAttempt(GuardedService service) {
        this.service = service;
    }

    @Override
    public <A, T> T run(CheckedFunction<? super A, ? extends T> function, A argument, CompiledPolicy p, long deadline)
            throws Throwable {
        CheckedSupplier<T> operation = () -> function.apply(argument);
        long limit = service.timeouts.limitNanos(p, deadline);
        BlockingQueue<Future<T>> finished = new LinkedBlockingQueue<>();
        List<Future<T>> running = new ArrayList<>(p.maxHedges + 1);
        java.util.concurrent.Callable<T> body = TimedAttempt.decorated(service, operation);
        FutureTask<T> primary = reporting(body, finished);
        TimedAttempt.launch(service, primary, p, false);
        running.add(primary);
        int pending = 1;
        boolean hedgesStopped = false;
        long hedgeDelay = service.timeouts.hedgeDelayNanos(p);
        long end = limit == CompiledPolicy.NONE ? CompiledPolicy.NONE : service.clock.nanoTime() + limit;
        Throwable lastError = null;
        try {
            while (pending > 0) {
                boolean canHedge = !hedgesStopped && running.size() <= p.maxHedges;
                long wait = canHedge ? hedgeDelay : CompiledPolicy.NONE;
                if (end != CompiledPolicy.NONE) {
                    wait = Math.min(wait, end - service.clock.nanoTime());
                    if (wait <= 0) {
                        throw new AttemptTimeoutException(service.name(), Duration.ofNanos(limit));
                    }
                }
                Future<T> done = wait == CompiledPolicy.NONE ? finished.take() : finished.poll(wait, TimeUnit.NANOSECONDS);
                if (done == null) {
                    if (canHedge && startHedge(body, p, finished, running)) {
                        pending++;
                    } else if (canHedge) {
                        hedgesStopped = true;
                    }
                    continue;
                }
                pending--;
                try {
                    return done.get();
                } catch (ExecutionException e) {
                    lastError = WorkerInterrupted.wrap(e.getCause());
                }
            }
            throw lastError;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw interrupted;
        } finally {
            for (Future<T> attempt : running) {
                attempt.cancel(true);
            }
        }
    }

    private <T> boolean startHedge(java.util.concurrent.Callable<T> body, CompiledPolicy p,
                                   BlockingQueue<Future<T>> finished, List<Future<T>> running) {
        if (!service.admission.tryAcquireAttemptPermit(p)) {
            return false;
        }
        if (!service.decision.tryAcquireRetryPermit(p)) {
            service.admission.releaseAttemptPermit(p);
            return false;
        }
        FutureTask<T> hedge = reporting(body, finished);
        try {
            TimedAttempt.launch(service, hedge, p, true);
        } catch (WorkerUnavailable busy) {
            return false;
        }
        running.add(hedge);
        return true;
    }

    /** A task that puts itself on {@code finished} when it completes. */
    private static <T> FutureTask<T> reporting(java.util.concurrent.Callable<T> body, BlockingQueue<Future<T>> finished) {
        return new FutureTask<>(body) {
            @Override
            protected void done() {
                if (!isCancelled()) {
                    finished.add(this);
                }
            }
        };
    }
}
