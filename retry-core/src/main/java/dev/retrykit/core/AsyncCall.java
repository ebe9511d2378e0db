package dev.retrykit.core;

import dev.retrykit.core.classify.Classification;
import dev.retrykit.core.event.RetryEventListener;
import dev.retrykit.core.internal.CompiledPolicy;
import dev.retrykit.core.internal.Throwables;
import dev.retrykit.core.time.Scheduler;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 *
 * <p>The common case costs no object of this class: {@link #call} runs the first attempt with locals and, when that
 * attempt's future is already complete with an accepted value, hands that future to the caller as it is. Only a
 * first attempt that is still running, failed, or was refused creates the call's state and continues here.
 */
final class AsyncCall<T> {

    private static final VarHandle SETTLED;
    private static final VarHandle HOLDING_RETRY;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SETTLED = lookup.findVarHandle(AsyncCall.class, "settled", int.class);
            HOLDING_RETRY = lookup.findVarHandle(AsyncCall.class, "holdingRetry", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

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
    /** 0 while the call runs, 1 once it ended; see {@link #settle()}. */
    private volatile int settled;
    /** Whether the call holds a global-limit slot for a retry; see {@link #releaseRetry()}. */
    private volatile boolean holdingRetry;
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

    private AsyncCall(GuardedService service, Supplier<? extends CompletionStage<T>> operation, CallOptions options,
                      CompiledPolicy p, RetryEventListener[] listeners, boolean precise, long start) {
        this.s = service;
        this.operation = operation;
        this.options = options;
        this.p = p;
        this.listeners = listeners;
        this.start = start;
        this.deadline = p.totalNanos == CompiledPolicy.NONE ? CompiledPolicy.NONE : start + p.totalNanos;
        this.max = RetryDecision.maxAttempts(p, options);
        this.precise = precise;
        this.timed = precise || p.breakerEnabled;
    }

    /**
     * A call telling {@code listeners} (the registry's, plus a {@link CallObservation} when observed), timing every
     * attempt and the call; {@link #start()} runs it.
     */
    AsyncCall(GuardedService service, Supplier<? extends CompletionStage<T>> operation, CallOptions options,
              RetryEventListener[] listeners) {
        this(service, operation, options, service.plan.policy, listeners, true, service.clock.nanoTime());
    }

    /**
     * Runs an asynchronous call of {@code service}: the first attempt on the caller's thread. A first attempt whose
     * future is already complete with an accepted value ends the call here, allocation-free, and its future is the
     * caller's; anything else continues in a call object.
     */
    static <T> CompletableFuture<T> call(GuardedService s, Supplier<? extends CompletionStage<T>> operation,
                                         CallOptions options) {
        CompiledPolicy p = s.plan.policy;
        RetryEventListener[] listeners = s.registry.listeners;
        int timing = s.registry.listenerTiming;
        long start = EventFanOut.callStart(p, timing, s.clock);
        boolean precise = EventFanOut.preciseAttempts(p, timing);
        if (p.sheddingEnabled || p.hedgingEnabled || (p.bulkheadEnabled && p.bulkheadMaxWaitNanos > 0)) {
            // shedding, hedging and waiting for a bulkhead permit need the call object from the start
            return new AsyncCall<T>(s, operation, options, p, listeners, precise, start).start();
        }
        s.decision.onCall(p);
        int period = s.permission();
        if (period < 0) {
            return new AsyncCall<T>(s, operation, options, p, listeners, precise, start).firstRefused(s.admission.circuitOpen());
        }
        if (!s.admission.tryAcquireAttemptPermit(p)) {
            s.outcomes.abandoned(period);
            return new AsyncCall<T>(s, operation, options, p, listeners, precise, start).firstRefused(s.admission.bulkheadFull(p));
        }
        s.fanOut.attemptStarted(listeners, 1);
        long attemptStart = precise ? s.clock.nanoTime() : p.breakerEnabled ? s.clock.coarseNanoTime() : 0L;
        CompletableFuture<T> future = startAttempt(operation);
        if (!future.isDone()) {
            AsyncCall<T> call = new AsyncCall<>(s, operation, options, p, listeners, precise, start);
            call.attempt = 1;
            call.track(future, true, period, attemptStart);
            return call.result();
        }
        s.admission.releaseAttemptPermit(p);
        T value = null;
        Throwable error = null;
        if (future.isCompletedExceptionally()) {
            try {
                future.join();
            } catch (Throwable t) {
                error = Throwables.unwrapFuture(t);
            }
        } else {
            value = future.join();
        }
        long duration = precise ? s.clock.nanoTime() - attemptStart
                : p.breakerEnabled ? s.clock.coarseNanoTime() - attemptStart : 0L;
        try {
            if (error == null && s.outcomes.accepts(options, value, listeners, 1, start, period)) {
                s.outcomes.succeeded(p, listeners, 1, duration, period);
                s.ending.finishWithResult(value, Outcome.SUCCESS, null, 1, start, listeners);
                return future;
            }
        } catch (Throwable unexpected) {
            return CompletableFuture.failedFuture(unexpected);
        }
        AsyncCall<T> call = new AsyncCall<>(s, operation, options, p, listeners, precise, start);
        call.attempt = 1;
        call.current = future;
        try {
            call.failed(value, error, period, duration);
        } catch (Throwable unexpected) {
            if (call.settle()) {
                call.result().completeExceptionally(unexpected);
            }
        }
        return call.result();
    }

    /** The breaker or bulkhead refused the first attempt: a rejection (or the fallback). */
    private CompletableFuture<T> firstRefused(CallRejectedException refusal) {
        attempt = 1;
        refused(refusal, 1);
        return result();
    }

    /** Starts the first attempt on the caller's thread (with load shedding or hedging) and returns the caller's future. */
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
        if (settled != 0) {
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
        CompletableFuture<T> attemptFuture = p.hedgingEnabled
                ? new AsyncHedge<>(s, operation, p).start() : startAttempt(operation);
        track(attemptFuture, !p.hedgingEnabled, period, attemptStart);
    }

    /**
     * Follows the attempt's future: gives the attempt's bulkhead permit back when it completes ({@code ownsPermit};
     * hedges return their own), bounds it by the per-attempt timeout, and handles its outcome — at once when it is
     * already complete.
     */
    private void track(CompletableFuture<T> attemptFuture, boolean ownsPermit, int period, long attemptStart) {
        if (ownsPermit && p.bulkheadEnabled) {
            if (attemptFuture.isDone()) {
                s.admission.releaseAttemptPermit(p);
            } else {
                attemptFuture.whenComplete((value, error) -> s.admission.releaseAttemptPermit(p));
            }
        }
        long limit = s.timeouts.limitNanos(p, deadline);
        if (limit != CompiledPolicy.NONE && !attemptFuture.isDone()) {
            attemptFuture = bounded(attemptFuture, limit);
        }
        current = attemptFuture;
        if (settled != 0) {
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
        if (settled != 0) {
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
        if (settled != 0) {
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
        failed(value, error, period, duration);
    }

    /** The current attempt failed (or its result was rejected): records it, then retries or ends the call. */
    private void failed(T value, Throwable error, int period, long duration) {
        int number = attempt;
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
        holdingRetry = true;
        if (settled != 0) {
            releaseRetry();
            return;
        }
        previousDelay = delay;
        s.fanOut.retryScheduled(listeners, number + 1, max, delay, history.last);
        result();
        pendingRetry = s.registry.scheduler.schedule(new Retry(), delay);
        if (settled != 0) {
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
        if (!SETTLED.compareAndSet(this, 0, 1)) {
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
        if (holdingRetry && (boolean) HOLDING_RETRY.getAndSet(this, false)) {
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
