package dev.retrykit.core;

import dev.retrykit.core.event.RetryEventListener;
import dev.retrykit.core.internal.Throwables;
import dev.retrykit.core.observation.CallObserver;
import dev.retrykit.core.observation.ObservationScope;
import dev.retrykit.core.observation.ObservedAttempt;
import dev.retrykit.core.observation.ObservedCall;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Supplier;

/**
 * One call under a {@link CallObserver}: the glue between the call path and the observer. It learns where attempts
 * start and end and the call's outcome from the call path's own events (it is one more listener, for this call only)
 * and wraps the operation so that each attempt's scope is opened on the thread that runs the attempt's body. Calls the
 * observer declines run the plain path with nothing allocated.
 *
 * <p>Thread-safety: the call path's events for one call happen one after the other; the current attempt and the end
 * are atomic because an attempt body on a worker, a cancelling caller and the call path may meet.
 */
final class CallObservation implements RetryEventListener {

    private static final AtomicReferenceFieldUpdater<CallObservation, AttemptHold> CURRENT =
            AtomicReferenceFieldUpdater.newUpdater(CallObservation.class, AttemptHold.class, "current");
    private static final AtomicIntegerFieldUpdater<CallObservation> STOPPED =
            AtomicIntegerFieldUpdater.newUpdater(CallObservation.class, "stopped");
    private static final AtomicIntegerFieldUpdater<CallObservation> HOLDS =
            AtomicIntegerFieldUpdater.newUpdater(CallObservation.class, "holds");

    private final ObservedCall call;
    /** Asynchronous calls stop when their outcome is recorded, before the caller's future completes. */
    private final boolean async;
    /** The registry's listeners followed by this one: what the call path tells for this call. */
    final RetryEventListener[] listeners;
    private volatile AttemptHold current;
    private volatile Outcome outcome;
    /** The failure the call path gave up with (rejection, non-retryable, exhausted); for asynchronous calls. */
    private volatile Throwable failure;
    private volatile int attempts;
    private volatile int stopped;
    /** The end, plus for an asynchronous call the caller's scope while the call starts: the last to let go stops. */
    private volatile int holds;
    private volatile Outcome endOutcome;
    private volatile Throwable endError;

    private CallObservation(ObservedCall call, boolean async, RetryEventListener[] registered) {
        this.call = call;
        this.async = async;
        this.holds = async ? 2 : 1;
        RetryEventListener[] all = Arrays.copyOf(registered, registered.length + 1);
        all[registered.length] = this;
        this.listeners = all;
    }

    /** A blocking call of {@code service}, observed when the registry's observer takes it. */
    static <A, T> T callBlocking(BlockingCall blocking, GuardedService service,
                                 CheckedFunction<? super A, ? extends T> operation, A argument, CallOptions options) {
        RetryEventListener[] registered = service.registry.listeners;
        ObservedCall observed = service.registry.callObserver.startCall(service.name, false);
        if (observed == null) {
            return blocking.call(operation, argument, options, registered, service.registry.listenerTiming);
        }
        CallObservation observation = new CallObservation(observed, false, registered);
        CheckedSupplier<T> supplier = () -> operation.apply(argument);
        Throwable error = null;
        try (ObservationScope ignored = observed.openScope()) {
            return blocking.call(BlockingCall.supplier(), observation.blocking(supplier), options, observation.listeners,
                    EventFanOut.ATTEMPT_DURATIONS | EventFanOut.CALL_DURATIONS);
        } catch (Throwable t) {
            error = t;
            throw t;
        } finally {
            observation.stop(error);
        }
    }

    /** An asynchronous call of {@code service}, observed when the registry's observer takes it. */
    static <T> CompletableFuture<T> callAsync(GuardedService service, Supplier<? extends CompletionStage<T>> operation,
                                              CallOptions options) {
        RetryEventListener[] registered = service.registry.listeners;
        ObservedCall observed = service.registry.callObserver.startCall(service.name, true);
        if (observed == null) {
            return new AsyncCall<T>(service, operation, options, registered).start();
        }
        CallObservation observation = new CallObservation(observed, true, registered);
        CompletableFuture<T> result;
        // the call is current while its first attempt starts on the caller's thread, so a tracer takes it (not the
        // caller's own span) as that attempt's parent
        try (ObservationScope ignored = observed.openScope()) {
            result = new AsyncCall<T>(service, observation.async(operation), options, observation.listeners).start();
        } catch (RuntimeException | Error unexpected) {
            observation.stop(unexpected);
            throw unexpected;
        } finally {
            observation.release();
        }
        // a safety net: the outcome's record stops the observation first, except when the caller cancels
        result.whenComplete((value, error) -> observation.stop(error == null ? null : Throwables.unwrapFuture(error)));
        return result;
    }

    /**
     * A stepped call of {@code service} (the Reactor path), observed when the registry's observer takes it; null when
     * it does not. Nobody's scope is held while a stepped call starts, so only its end stops the observation.
     */
    static CallObservation stepped(GuardedService service) {
        ObservedCall observed = service.registry.callObserver.startCall(service.name, true);
        if (observed == null) {
            return null;
        }
        CallObservation observation = new CallObservation(observed, true, service.registry.listeners);
        observation.release();
        return observation;
    }

    /** Opens the call's own scope on this thread, so that an attempt started in it is the call's child. */
    ObservationScope openCallScope() {
        return call.openScope();
    }

    /** Opens the current attempt's scope on this thread; null when no attempt is open. */
    ObservationScope openAttemptScope() {
        AttemptHold attempt = current;
        return attempt == null ? null : attempt.openScope();
    }

    /** {@code operation} with the current attempt's scope open around each run, on whatever thread runs it. */
    private <T> CheckedSupplier<T> blocking(CheckedSupplier<? extends T> operation) {
        return () -> {
            AttemptHold attempt = current;
            ObservationScope scope = attempt == null ? null : attempt.openScope();
            if (scope == null) {
                return operation.get();
            }
            try (scope) {
                return operation.get();
            }
        };
    }

    /** {@code operation} with the current attempt's scope open while it starts (subscribes, sends). */
    private <T> Supplier<CompletionStage<T>> async(Supplier<? extends CompletionStage<T>> operation) {
        return () -> {
            AttemptHold attempt = current;
            ObservationScope scope = attempt == null ? null : attempt.openScope();
            if (scope == null) {
                return operation.get();
            }
            try (scope) {
                return operation.get();
            }
        };
    }

    @Override
    public void onAttemptStarted(String service, int attempt) {
        attempts = attempt;
        AttemptHold previous = CURRENT.getAndSet(this, new AttemptHold(call.startAttempt(attempt)));
        if (previous != null) {
            previous.finish(false, null);
        }
    }

    @Override
    public void onAttemptSucceeded(String service, int attempt, long durationNanos) {
        finishAttempt(true, null);
    }

    @Override
    public void onAttemptFailed(String service, int attempt, long durationNanos, Throwable error) {
        finishAttempt(false, error);
    }

    @Override
    public void onExhausted(String service, int attemptCount, Outcome ended, Throwable lastError) {
        failure = lastError;
    }

    @Override
    public void onNonRetryable(String service, int attempt, Throwable error) {
        failure = error;
    }

    @Override
    public void onRejected(String service, Throwable rejection) {
        failure = rejection;
    }

    @Override
    public void onCallFinished(String service, Outcome ended, int attemptCount, long durationNanos) {
        outcome = ended;
        if (async) {
            boolean served = ended == Outcome.SUCCESS || ended == Outcome.SUCCESS_AFTER_RETRY || ended == Outcome.FALLBACK;
            stop(served ? null : failure);
        }
    }

    private void finishAttempt(boolean succeeded, Throwable error) {
        AttemptHold attempt = CURRENT.getAndSet(this, null);
        if (attempt != null) {
            attempt.finish(succeeded, error);
        }
    }

    /**
     * An attempt's observation, held by the call path until it has the attempt's verdict and by each scope open on a
     * thread running the attempt's body: it stops when the last of them lets go, so an attempt abandoned by its
     * per-attempt timeout stops when its body has really returned (with the timeout the caller saw), never while a
     * scope of it is still open. Thread-safe.
     */
    private static final class AttemptHold {
        private static final AtomicIntegerFieldUpdater<AttemptHold> HOLDS =
                AtomicIntegerFieldUpdater.newUpdater(AttemptHold.class, "holds");

        private final ObservedAttempt attempt;
        private volatile int holds = 1;
        private volatile boolean succeeded;
        private volatile Throwable error;

        AttemptHold(ObservedAttempt attempt) {
            this.attempt = attempt;
        }

        /** The attempt's scope on this thread, or {@code null} when the attempt has already stopped. */
        ObservationScope openScope() {
            int current;
            do {
                current = holds;
                if (current == 0) {
                    return null;
                }
            } while (!HOLDS.compareAndSet(this, current, current + 1));
            ObservationScope scope = attempt.openScope();
            return () -> {
                try {
                    scope.close();
                } finally {
                    release();
                }
            };
        }

        /** The call path's verdict on the attempt; called once. */
        void finish(boolean success, Throwable failure) {
            succeeded = success;
            error = failure;
            release();
        }

        private void release() {
            if (HOLDS.decrementAndGet(this) == 0) {
                attempt.stop(succeeded, error);
            }
        }
    }

    /**
     * Ends the observation once: an attempt still open (cancelled, interrupted, refused a worker) ends with the call's
     * error, then the call with its outcome ({@code cancelled} when the caller cancelled before one was recorded). For
     * an asynchronous call that ends while it is still starting, this happens when the caller's scope closes.
     */
    private void stop(Throwable error) {
        if (!STOPPED.compareAndSet(this, 0, 1)) {
            return;
        }
        Outcome ended = outcome;
        endOutcome = ended == null && error instanceof CancellationException ? Outcome.CANCELLED : ended;
        endError = error;
        release();
    }

    private void release() {
        if (HOLDS.decrementAndGet(this) == 0) {
            finishAttempt(false, endError);
            call.stop(endOutcome, endError, attempts);
        }
    }
}
