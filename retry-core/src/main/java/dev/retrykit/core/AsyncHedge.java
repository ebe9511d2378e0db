package dev.retrykit.core;

import dev.retrykit.core.internal.CompiledPolicy;
import dev.retrykit.core.internal.Throwables;
import dev.retrykit.core.time.Scheduler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One hedged asynchronous attempt: the primary starts now (its bulkhead permit taken by the caller), each hedge after
 * the hedge delay (one more delay per hedge) if nothing has succeeded yet and it passes the gates of a retry (global
 * limit, service and global budgets) and gets a bulkhead permit of its own. The first success wins and the others are
 * cancelled; when every started attempt failed and no hedge is still to come, the attempt fails with the last
 * failure. Every launch gives its permits back when its future completes.
 *
 * <p>Thread-safe: completions race on the attempt's future.
 */
final class AsyncHedge<T> {

    private final GuardedService s;
    private final Supplier<? extends CompletionStage<T>> operation;
    private final CompiledPolicy p;
    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private final List<CompletableFuture<T>> started = new CopyOnWriteArrayList<>();
    private final AtomicInteger unsettled;
    private final AtomicInteger launching = new AtomicInteger();
    private final List<Scheduler.Cancellable> scheduled = new CopyOnWriteArrayList<>();

    AsyncHedge(GuardedService service, Supplier<? extends CompletionStage<T>> operation, CompiledPolicy p) {
        this.s = service;
        this.operation = operation;
        this.p = p;
        this.unsettled = new AtomicInteger(1 + p.maxHedges);
    }

    CompletableFuture<T> start() {
        long delay = s.timeouts.hedgeDelayNanos(p);
        launch(false);
        for (int hedge = 1; hedge <= p.maxHedges && !outcome.isDone(); hedge++) {
            scheduled.add(s.registry.scheduler.schedule(this::hedge, delay * hedge));
        }
        outcome.whenComplete((value, error) -> {
            scheduled.forEach(Scheduler.Cancellable::cancel);
            started.forEach(future -> future.cancel(true));
        });
        return outcome;
    }

    private void hedge() {
        launching.incrementAndGet();
        try {
            if (!outcome.isDone() && s.admission.tryAcquireAttemptPermit(p)) {
                if (s.decision.tryAcquireRetryPermit(p)) {
                    launch(true);
                    return;
                }
                s.admission.releaseAttemptPermit(p);
            }
        } finally {
            launching.decrementAndGet();
        }
        settle(null);
    }

    private void launch(boolean paidRetry) {
        CompletableFuture<T> attempt = AsyncCall.startAttempt(operation);
        started.add(attempt);
        if (outcome.isDone()) {
            attempt.cancel(true);
        }
        attempt.whenComplete((value, error) -> {
            s.admission.releaseAttemptPermit(p);
            if (paidRetry) {
                s.decision.releaseRetryPermit();
            }
            if (error == null) {
                outcome.complete(value);
            } else {
                settle(error);
            }
        });
    }

    /** One started attempt failed, or one hedge will not start. */
    private void settle(Throwable error) {
        if (unsettled.decrementAndGet() == 0 || (error != null && startedAllFailed())) {
            outcome.completeExceptionally(error != null ? Throwables.unwrapFuture(error) : lastFailure());
        }
    }

    private boolean startedAllFailed() {
        if (launching.get() > 0) {
            return false;
        }
        for (CompletableFuture<T> attempt : started) {
            if (!attempt.isCompletedExceptionally()) {
                return false;
            }
        }
        return true;
    }

    private Throwable lastFailure() {
        Throwable last = new IllegalStateException("no hedged attempt of service '" + s.name() + "' completed");
        for (CompletableFuture<T> attempt : started) {
            try {
                attempt.join();
            } catch (RuntimeException e) {
                last = Throwables.unwrapFuture(e);
            }
        }
        return last;
    }
}
