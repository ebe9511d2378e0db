package dev.retrykit.core;

import dev.retrykit.core.classify.Classification;
import dev.retrykit.core.event.RetryEventListener;
import dev.retrykit.core.internal.CompiledPolicy;
import dev.retrykit.core.internal.Throwables;
import dev.retrykit.core.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One asynchronous call, in the order of PRODUCT §7b: load shedding (one permit for the call) → deadline → retry
 * loop → breaker → bulkhead (a permit per attempt, waited for without a thread, given back when the attempt's future
 * completes) → per-attempt timeout → hedging → the operation. No thread is blocked: retries and timeouts are
 * scheduled, and the scheduler hands them to an executor, so no user code runs on the timer thread.
 *
 * <p>Cancelling the returned future (or a subscriber disposing a {@code Mono} built on it) cancels the attempt in
 * flight and any scheduled retry, gives back every permit (load shedder, global retry limit, bulkhead, half-open
 * trial) and records outcome {@code cancelled}.
 *
 * <p>Thread-safety: the attempt chain runs one step at a time (each step happens-after the previous one through the
 * futures and the scheduler), so its plain fields need no lock; what the cancelling thread shares with the chain —
 * whether the call ended, the retry slot, the attempt and retry in flight — is atomic or volatile, and the call ends
 * (outcome recorded, permits returned) exactly once, by whichever side wins {@link #settle()}.
 */
final class AsyncCall<T> {

    private final GuardedService s;
    private final Supplier<? extends CompletionStage<T>> operation;
    private final CallOptions options;
    private final CompiledPolicy p;
    private final RetryEventListener[] listeners;
    private final long start;
    private final long deadline;
    private final int max;
    private final boolean precise;
    private final boolean timed;
    private final AtomicInteger settled = new AtomicInteger();
    private final AtomicBoolean holdingRetry = new AtomicBoolean();
    private boolean holdingShedder;
    private long previousDelay;
    private AttemptHistory<T> history;
    private volatile int attempt;
    private volatile CompletableFuture<T> current;
    private volatile Scheduler.Cancellable pendingRetry;
    /** The last wait for a bulkhead permit, or null; a woken wait that loses the permit again waits what is left. */
    private AsyncPermitWait permitWait;
    /** The caller's future, created on first need; guarded by {@code this}. */
    private CompletableFuture<T> result;

    /** A call telling {@code listeners} (the registry's, plus a {@link CallObservation} when observed). */
    AsyncCall(GuardedService service, Supplier<? extends CompletionStage<T>> operation, CallOptions options,
              RetryEventListener[] listeners) {
        this.s = service;
        this.operation = operation;
        this.options = options;
        this.p = service.plan.policy;
        this.listeners = listeners;
        this.start = p.needsClock || listeners.length != 0 ? service.clock.nanoTime() : 0L;
        this.deadline = p.totalNanos == CompiledPolicy.NONE ? CompiledPolicy.NONE : start + p.totalNanos;
        this.max = RetryDecision.maxAttempts(p, options);
        this.precise = listeners.length != 0 || p.recordLatency || p.sheddingEnabled;
        this.timed = precise || p.breakerEnabled;
    }

    /** Starts the first attempt on the caller's thread and returns the caller's future. */
    CompletableFuture<T> start() {
        if (p.sheddingEnabled) {
            if (!s.shedder.tryAcquire(options.priority())) {
                rejected(s.admission.loadShed());
                return result();
            }
            holdingShedder = true;
        }
        s.decision.onCall(p);
        nextAttempt();
        return result();
    }

    /** The caller's future, created on first need. */
    private synchronized CompletableFuture<T> result() {
        if (result == null) {
            result = new CallFuture();
        }
        return result;
    }

    private void nextAttempt() {
        if (settled.get() != 0) {
            releaseRetry();
            return;
        }
        int number = attempt + 1;
        attempt = number;
        int period = s.permission();
        if (period < 0) {
            releaseRetry();
            refused(s.admission.circuitOpen(), number);
            return;
        }
        if (!s.admission.tryAcquireAttemptPermit(p)) {
            s.outcomes.abandoned(period);
            if (awaitPermit(number)) {
                return;
            }
            releaseRetry();
            refused(permitWait != null && permitWait.deadlineBound() ? s.admission.noPermitBeforeDeadline()
                    : s.admission.bulkheadFull(p), number);
            return;
        }
        if (number > 1) {
            s.statistics.recordRetry(number);
        }
        s.fanOut.attemptStarted(listeners, number);
        long attemptStart = precise ? s.clock.nanoTime() : timed ? s.clock.coarseNanoTime() : 0L;
        CompletableFuture<T> attemptFuture;
        if (p.hedgingEnabled) {
            attemptFuture = new AsyncHedge<>(s, operation, p).start();
        } else {
            attemptFuture = startAttempt(operation);
            if (p.bulkheadEnabled) {
                attemptFuture.whenComplete((value, error) -> s.admission.releaseAttemptPermit(p));
            }
        }
        long limit = s.timeouts.limitNanos(p, deadline);
        if (limit != CompiledPolicy.NONE && !attemptFuture.isDone()) {
            attemptFuture = bounded(attemptFuture, limit);
        }
        current = attemptFuture;
        if (settled.get() != 0) {
            attemptFuture.cancel(true);
        }
        if (attemptFuture.isDone()) {
            T value = null;
            Throwable error = null;
            try {
                value = attemptFuture.join();
            } catch (Throwable t) {
                error = t;
            }
            onAttemptDoneSafely(value, error, period, attemptStart);
        } else {
            result();
            attemptFuture.whenComplete((value, error) -> onAttemptDoneSafely(value, error, period, attemptStart));
        }
    }

    /**
     * Waits without a thread for a bulkhead permit for attempt {@code number} when the policy has a {@code max-wait}
     * ({@link AsyncPermitWait}): a released permit runs {@link #nextAttempt()} again; the wait, counted from the first
     * refusal of this attempt and cut at the deadline, then ends the call as a blocking call's wait would.
     *
     * @return whether the attempt waits; false when there is no wait or it has run out
     */
    private boolean awaitPermit(int number) {
        AsyncPermitWait previous = permitWait;
        if (previous == null && p.bulkheadMaxWaitNanos <= 0) {
            return false;
        }
        AsyncPermitWait wait = AsyncPermitWait.forAttempt(previous, number, p.bulkheadMaxWaitNanos, deadline,
                s.clock.nanoTime());
        permitWait = wait;
        if (!wait.start(s.bulkhead, s.registry.scheduler, new Retry(), s.clock.nanoTime())) {
            return false;
        }
        attempt = number - 1;
        pendingRetry = wait;
        if (settled.get() != 0) {
            wait.cancel();
        }
        return true;
    }

    /** {@code source} failed with an {@link AttemptTimeoutException} after {@code limit}; cancelling it cancels the source. */
    private CompletableFuture<T> bounded(CompletableFuture<T> source, long limit) {
        CompletableFuture<T> bounded = new CompletableFuture<>();
        Scheduler.Cancellable timeout = s.registry.scheduler.schedule(() -> {
            if (bounded.completeExceptionally(new AttemptTimeoutException(s.name(), Duration.ofNanos(limit)))) {
                source.cancel(true);
            }
        }, limit);
        source.whenComplete((value, error) -> {
            timeout.cancel();
            if (error == null) {
                bounded.complete(value);
            } else {
                bounded.completeExceptionally(error);
            }
        });
        bounded.whenComplete((value, error) -> {
            if (bounded.isCancelled()) {
                source.cancel(true);
            }
        });
        return bounded;
    }

    /** Never lets a failure of retrykit's own bookkeeping leave the caller's future pending. */
    private void onAttemptDoneSafely(T value, Throwable rawError, int period, long attemptStart) {
        try {
            onAttemptDone(value, rawError, period, attemptStart);
        } catch (Throwable unexpected) {
            if (settle()) {
                result().completeExceptionally(unexpected);
            }
        }
    }

    private void onAttemptDone(T value, Throwable rawError, int period, long attemptStart) {
        releaseRetry();
        if (settled.get() != 0) {
            s.outcomes.abandoned(period);
            return;
        }
        int number = attempt;
        long duration = !timed ? 0L : (precise ? s.clock.nanoTime() : s.clock.coarseNanoTime()) - attemptStart;
        Throwable error = rawError == null ? null : Throwables.unwrapFuture(rawError);
        if (p.sheddingEnabled) {
            s.shedder.onAttemptComplete(duration, error instanceof AttemptTimeoutException);
        }
        if (error == null && s.outcomes.accepts(options, value, listeners, number, start, period)) {
            s.outcomes.succeeded(p, listeners, number, duration, period);
            succeed(value, number == 1 ? Outcome.SUCCESS : Outcome.SUCCESS_AFTER_RETRY, null, number);
            return;
        }
        if (history == null) {
            history = new AttemptHistory<>();
        }
        Classification classification = s.outcomes.failed(p, options, listeners, number, duration, error, value,
                history, period);
        long delay = s.decision.delayOrStop(p, classification, number, max, previousDelay, deadline);
        if (delay < 0) {
            stop(RetryDecision.stopReason(delay), number, null);
            return;
        }
        holdingRetry.set(true);
        if (settled.get() != 0) {
            releaseRetry();
            return;
        }
        previousDelay = delay;
        s.fanOut.retryScheduled(listeners, number + 1, max, delay, history.last);
        result();
        pendingRetry = s.registry.scheduler.schedule(new Retry(), delay);
        if (settled.get() != 0) {
            pendingRetry.cancel();
        }
    }

    /** The next attempt, run by the scheduler's executor; refused workers end the call as a rejection. */
    private final class Retry implements Runnable, Scheduler.Rejectable {
        @Override
        public void run() {
            pendingRetry = null;
            try {
                nextAttempt();
            } catch (Throwable unexpected) {
                if (settle()) {
                    result().completeExceptionally(unexpected);
                }
            }
        }

        @Override
        public void onRejected() {
            releaseRetry();
            refused(s.admission.workersExhausted(), attempt + 1);
        }
    }

    private void succeed(T value, Outcome outcome, GiveUpReason reason, int attempts) {
        if (!settle()) {
            return;
        }
        s.ending.finishWithResult(value, outcome, reason, attempts, start, listeners);
        synchronized (this) {
            if (result == null && outcome == Outcome.SUCCESS) {
                result = current;
                return;
            }
        }
        result().complete(value);
    }

    /**
     * Ends the call that gives up for {@code reason} after {@code attempts} with the last attempt's result or failure
     * ({@code cause} suppressed).
     */
    private void stop(GiveUpReason reason, int attempts, Throwable cause) {
        Outcome outcome = reason.outcome();
        if (history.endsWithResult) {
            succeed(history.lastResult, outcome, reason, attempts);
            return;
        }
        if (!settle()) {
            return;
        }
        Throwable last = s.ending.finalFailure(history, reason, cause);
        s.ending.gaveUp(listeners, last, outcome, reason, attempts, start);
        complete(last, outcome, attempts);
    }

    /** The breaker, bulkhead or worker pool refused attempt {@code number}. */
    private void refused(CallRejectedException refusal, int number) {
        if (number == 1) {
            rejected(refusal);
        } else {
            stop(GiveUpReason.of(refusal), number - 1, refusal);
        }
    }

    private void rejected(CallRejectedException rejection) {
        if (!settle()) {
            return;
        }
        s.fanOut.rejected(listeners, rejection);
        complete(rejection, Outcome.REJECTED, 0);
    }

    /** Serves the fallback or completes with the failure (the outcome is recorded by {@link CallEnding}). */
    @SuppressWarnings("unchecked")
    private void complete(Throwable failure, Outcome outcome, int attempts) {
        Object value;
        try {
            value = s.ending.fallbackOrThrow(failure, outcome, attempts, options, start, listeners);
        } catch (Throwable error) {
            result().completeExceptionally(error);
            return;
        }
        CompletableFuture<T> target = result();
        if (value instanceof CompletionStage<?> stage) {
            ((CompletionStage<T>) stage).whenComplete((v, e) -> {
                if (e == null) {
                    target.complete(v);
                } else {
                    target.completeExceptionally(Throwables.unwrapFuture(e));
                }
            });
        } else {
            target.complete((T) value);
        }
    }

    /** The caller cancelled: stop everything in flight and record {@code cancelled}. */
    private void cancelled() {
        if (!settle()) {
            return;
        }
        Scheduler.Cancellable retry = pendingRetry;
        if (retry != null) {
            retry.cancel();
        }
        CompletableFuture<T> inFlight = current;
        if (inFlight != null) {
            inFlight.cancel(true);
        }
        s.ending.record(Outcome.CANCELLED, attempt, start, listeners);
    }

    /** Ends the call once: returns the call's permits; false when it had already ended. */
    private boolean settle() {
        if (!settled.compareAndSet(0, 1)) {
            return false;
        }
        releaseRetry();
        if (holdingShedder) {
            holdingShedder = false;
            s.shedder.release();
        }
        return true;
    }

    private void releaseRetry() {
        if (holdingRetry.getAndSet(false)) {
            s.decision.releaseRetryPermit();
        }
    }

    static <T> CompletableFuture<T> startAttempt(Supplier<? extends CompletionStage<T>> operation) {
        try {
            return operation.get().toCompletableFuture();
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
    }

    /** The caller's future: cancelling it cancels the call. */
    private final class CallFuture extends CompletableFuture<T> {
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled) {
                cancelled();
            }
            return cancelled;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }
}
