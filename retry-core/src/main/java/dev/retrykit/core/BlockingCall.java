package dev.retrykit.core;

import dev.retrykit.core.classify.Classification;
import dev.retrykit.core.event.RetryEventListener;
import dev.retrykit.core.internal.CompiledPolicy;

/**
 * The blocking call path, in the order of PRODUCT §7b: load shedding (one permit for the call) → deadline → retry
 * loop → circuit breaker → bulkhead (a permit per attempt, none during backoff) → the attempt runner (direct, timed or
 * hedged) → the call. Sleeps between attempts on the registry's sleeper; the caller's thread runs every attempt
 * unless the policy has a per-attempt timeout or hedging.
 *
 * <p>Stateless: one instance per service, state in locals; thread-safe. The success path allocates nothing.
 */
final class BlockingCall {

    private final GuardedService service;

    BlockingCall(GuardedService service) {
        this.service = service;
    }

    private static final CheckedFunction<CheckedSupplier<?>, Object> GET = CheckedSupplier::get;

    /** The function that runs a {@link CheckedSupplier}: {@code call(supplier(), operation, options)}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> CheckedFunction<CheckedSupplier<? extends T>, T> supplier() {
        return (CheckedFunction) GET;
    }

    <A, T> T call(CheckedFunction<? super A, ? extends T> operation, A argument, CallOptions options) {
        GuardedService s = service;
        if (s.registry.callObserver != null) {
            return CallObservation.callBlocking(this, s, operation, argument, options);
        }
        return call(operation, argument, options, s.registry.listeners, s.registry.listenerTiming);
    }

    /**
     * The call, telling {@code listeners} (the registry's, plus a {@link CallObservation} when observed) and timing
     * what {@code timing} asks for ({@link EventFanOut#ATTEMPT_DURATIONS}, {@link EventFanOut#CALL_DURATIONS}).
     */
    <A, T> T call(CheckedFunction<? super A, ? extends T> operation, A argument, CallOptions options,
                  RetryEventListener[] listeners, int timing) {
        GuardedService s = service;
        CallPlan plan = s.plan;
        CompiledPolicy p = plan.policy;
        long start = EventFanOut.callStart(p, timing, s.clock);
        boolean shedding = p.sheddingEnabled;
        if (shedding && !s.shedder.tryAcquire(options.priority())) {
            return s.ending.reject(s.admission.loadShed(), options, start, listeners);
        }
        try {
            long deadline = p.totalNanos == CompiledPolicy.NONE ? CompiledPolicy.NONE : start + p.totalNanos;
            return attempts(operation, argument, options, plan, listeners, EventFanOut.preciseAttempts(p, timing), start, deadline);
        } finally {
            if (shedding) {
                s.shedder.release();
            }
        }
    }

    private <A, T> T attempts(CheckedFunction<? super A, ? extends T> operation, A argument, CallOptions options, CallPlan plan,
                           RetryEventListener[] listeners, boolean precise, long start, long deadline) {
        GuardedService s = service;
        CompiledPolicy p = plan.policy;
        int max = RetryDecision.maxAttempts(p, options);
        s.decision.onCall(p);
        AttemptHistory<T> history = null;
        long previousDelay = 0;
        boolean holdingRetry = false;
        boolean timed = precise || p.breakerEnabled;
        for (int attempt = 1; ; attempt++) {
            int period = s.permission();
            CallRejectedException refusal = period < 0 ? s.admission.circuitOpen() : s.admission.acquireAttemptPermit(p, deadline);
            if (refusal != null) {
                if (period >= 0) {
                    s.outcomes.abandoned(period);
                }
                releaseRetry(holdingRetry);
                return refused(refusal, attempt, history, options, start, listeners);
            }
            if (attempt > 1) {
                s.statistics.recordRetry(attempt);
            }
            s.fanOut.attemptStarted(listeners, attempt);
            long attemptStart = precise ? s.clock.nanoTime() : timed ? s.clock.coarseNanoTime() : 0L;
            T result = null;
            Throwable error = null;
            try {
                result = plan.runner.run(operation, argument, p, deadline);
            } catch (AttemptRunner.WorkerUnavailable busy) {
                s.outcomes.abandoned(period);
                releaseRetry(holdingRetry);
                return refused(s.admission.workersExhausted(), attempt, history, options, start, listeners);
            } catch (Throwable t) {
                error = t;
            }
            releaseRetry(holdingRetry);
            holdingRetry = false;
            long duration = !timed ? 0L : (precise ? s.clock.nanoTime() : s.clock.coarseNanoTime()) - attemptStart;
            if (p.sheddingEnabled) {
                s.shedder.onAttemptComplete(duration, error instanceof AttemptTimeoutException);
            }
            boolean callerInterrupted = error instanceof InterruptedException;
            if (error instanceof AttemptRunner.WorkerInterrupted workerInterrupted) {
                error = workerInterrupted.getCause();
            }
            if (error == null && s.outcomes.accepts(options, result, listeners, attempt, start, period)) {
                s.outcomes.succeeded(p, listeners, attempt, duration, period);
                return s.ending.finishWithResult(result, attempt == 1 ? Outcome.SUCCESS : Outcome.SUCCESS_AFTER_RETRY,
                        null, attempt, start, listeners);
            }
            if (history == null) {
                history = new AttemptHistory<>();
            }
            if (callerInterrupted) {
                // the caller was interrupted: not the dependency's fault, and no further attempt
                InterruptedException interrupted = (InterruptedException) error;
                s.outcomes.abandoned(period);
                Thread.currentThread().interrupt();
                if (history.isEmpty()) {
                    s.ending.gaveUp(listeners, interrupted, Outcome.FAILURE, GiveUpReason.INTERRUPTED, attempt, start);
                    return s.ending.fallbackOrThrow(interrupted, Outcome.FAILURE, attempt, options, start, listeners);
                }
                return s.ending.stop(history, GiveUpReason.INTERRUPTED, attempt - 1, interrupted, options, start,
                        listeners);
            }
            Classification classification = s.outcomes.failed(p, options, listeners, attempt, duration, error, result,
                    history, period);
            long delay = s.decision.delayOrStop(p, classification, attempt, max, previousDelay, deadline);
            if (delay < 0) {
                return s.ending.stop(history, RetryDecision.stopReason(delay), attempt, null, options, start, listeners);
            }
            holdingRetry = true;
            s.fanOut.retryScheduled(listeners, attempt + 1, max, delay, history.last);
            try {
                s.registry.sleeper.sleep(delay);
            } catch (InterruptedException interrupted) {
                releaseRetry(true);
                Thread.currentThread().interrupt();
                return s.ending.stop(history, GiveUpReason.INTERRUPTED, attempt, interrupted, options, start, listeners);
            }
            previousDelay = delay;
        }
    }

    /** The breaker, bulkhead or worker pool refused attempt {@code attempt}: a rejection, or the end of the retries. */
    private <T> T refused(CallRejectedException refusal, int attempt, AttemptHistory<T> history, CallOptions options,
                          long start, RetryEventListener[] listeners) {
        if (attempt == 1) {
            return service.ending.reject(refusal, options, start, listeners);
        }
        return service.ending.stop(history, GiveUpReason.of(refusal), attempt - 1, refusal, options, start, listeners);
    }

    private void releaseRetry(boolean holding) {
        if (holding) {
            service.decision.releaseRetryPermit();
        }
    }
}
