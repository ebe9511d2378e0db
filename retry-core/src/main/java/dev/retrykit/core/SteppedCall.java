package dev.retrykit.core;

import dev.retrykit.core.classify.Classification;
import dev.retrykit.core.event.RetryEventListener;
import dev.retrykit.core.internal.CompiledPolicy;
import dev.retrykit.core.internal.Throwables;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One guarded call whose steps are driven from outside, for adapters that run attempts, waits and timeouts with
 * their own non-blocking machinery (the Spring starter retries {@code Mono} and {@code Flux} with Reactor's
 * operators on it). The steps are the parts of {@link GuardedService}'s own call paths, in the order of PRODUCT §7b:
 * load shedding ({@link #admit()}), the breaker's permission and the attempt's bulkhead permit
 * ({@link #nextAttempt()}; a bounded wait for the permit without a thread with {@link #nextAttempt(Runnable)}), the outcome of the attempt and the retry decision with its delay
 * ({@link Attempt#succeeded}, {@link Attempt#failed}: classification, {@code Retry-After}, the deadline, budgets and
 * the global limit, all or nothing), and the call's ending (outcome, events, statistics, fallback:
 * {@link #result()}). {@link #cancel()} ends the call at any time, gives back every permit it holds and records
 * outcome {@code cancelled}.
 *
 * <p>A driver runs this loop without blocking:
 * <pre>{@code
 * SteppedCall<T> call = service.steppedCall(options);
 * if (call.admit()) {
 *     while (true) {
 *         SteppedCall<T>.Attempt attempt = call.nextAttempt();   // null: refused, the call has ended
 *         if (attempt == null) break;
 *         // run the body, failing it with attempt.timedOut() after attempt.timeout() when that is not null;
 *         // attempt.bodyEnded() as soon as the body returned, failed or was cancelled (the bulkhead permit)
 *         long next = error == null ? attempt.succeeded(value) : attempt.failed(error);
 *         if (next < 0) break;                                    // ENDED
 *         // wait next nanoseconds, without blocking a thread
 *     }
 * }
 * return call.result();                                           // the value, the fallback's, or throws
 * }</pre>
 * A driver that gives up on an attempt in flight (its subscriber went away) calls {@link Attempt#abandoned()} and
 * {@link #cancel()}; the attempt's body still reports {@link Attempt#bodyEnded()} when it stops.
 *
 * <p>Thread-safety: the steps of one call ({@link #admit()}, {@link #nextAttempt()}, the attempt's verdict,
 * {@link #result()}) must run one at a time, each happening-after the previous one (as the signals of one reactive
 * pipeline do). {@link #cancel()}, {@link Attempt#bodyEnded()} and {@link Attempt#abandoned()} may run on any thread
 * at any time; every permit is given back exactly once, and the call ends exactly once.
 *
 * @param <T> the operation's value
 */
public final class SteppedCall<T> {

    /** What {@link Attempt#succeeded} and {@link Attempt#failed} return when the call has ended: no retry. */
    public static final long ENDED = -1;

    private static final int RUNNING = 0;
    private static final int ENDING = 1;
    private static final int CANCELLED = 2;

    private final GuardedService s;
    private final CallOptions options;
    private final CompiledPolicy p;
    private final RetryEventListener[] listeners;
    /** The call's observation when the registry has a call observer that took it (tracing), else null. */
    private final CallObservation observation;
    private final long start;
    private final long deadline;
    private final int max;
    private final boolean precise;
    private final boolean timed;
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private final AtomicBoolean holdingRetry = new AtomicBoolean();
    private final AtomicBoolean holdingShedder = new AtomicBoolean();
    private long previousDelay;
    private AttemptHistory<T> history;
    /** The last wait for a bulkhead permit, or null; a woken attempt that loses the permit again waits what is left. */
    private AsyncPermitWait permitWait;
    private volatile AsyncPermitWait pendingWait;
    private volatile int attempts;
    private volatile boolean ended;
    private volatile T value;
    private volatile Throwable failure;

    SteppedCall(GuardedService service, CallOptions options) {
        this.s = service;
        this.options = Objects.requireNonNull(options, "options");
        this.p = service.plan.policy;
        this.observation = service.registry.callObserver == null ? null : CallObservation.stepped(service);
        this.listeners = observation == null ? service.registry.listeners : observation.listeners;
        this.start = service.clock.nanoTime();
        this.deadline = p.totalNanos == CompiledPolicy.NONE ? CompiledPolicy.NONE : start + p.totalNanos;
        this.max = RetryDecision.maxAttempts(p, options);
        this.precise = listeners.length != 0 || p.recordLatency || p.sheddingEnabled;
        this.timed = precise || p.breakerEnabled;
    }

    /**
     * Runs {@code body} with the current attempt's observation current on this thread (tracing: what the body starts,
     * such as an HTTP exchange, becomes a child of the attempt); without an observation it just runs {@code body}.
     * Call it where an attempt's work is started or subscribed.
     *
     * @param body what starts the attempt's work
     * @return what {@code body} returned
     */
    public <R> R inAttemptScope(java.util.function.Supplier<R> body) {
        CallObservation observed = observation;
        dev.retrykit.core.observation.ObservationScope scope = observed == null ? null : observed.openAttemptScope();
        if (scope == null) {
            return body.get();
        }
        try (scope) {
            return body.get();
        }
    }

    /**
     * The first step: load shedding. The call earns its share of the retry budgets here.
     *
     * @return whether the call may make attempts; on false it has ended (rejected, or served by its fallback), and
     * {@link #result()} tells how
     */
    public boolean admit() {
        if (p.sheddingEnabled) {
            if (!s.shedder.tryAcquire(options.priority())) {
                rejected(s.admission.loadShed());
                return false;
            }
            holdingShedder.set(true);
            if (state.get() != RUNNING) {
                releaseShedder();
                return false;
            }
        }
        s.decision.onCall(p);
        return true;
    }

    /**
     * Starts the next attempt: asks the breaker, then takes the attempt's bulkhead permit if one is free now. A refusal
     * ends the call: a rejection when it is the first attempt, else the end of the retries with the last failure.
     *
     * @return the attempt, holding its permits, or {@code null} when the call has ended ({@link #result()})
     */
    public Attempt nextAttempt() {
        return nextAttempt(null);
    }

    /**
     * Starts the next attempt like {@link #nextAttempt()}, but when the bulkhead is full and the policy has a
     * {@code bulkhead.max-wait}, waits for a permit without a thread: returns {@code null} with the call still
     * running ({@link #isEnded()} false) and runs {@code whenPermitMayBeFree} (on the registry's executor) once a
     * permit is released or the wait — {@code max-wait} from the attempt's first refusal, cut at the deadline — has
     * run out; the driver then calls this again. {@link #cancel()} stops the wait.
     *
     * @param whenPermitMayBeFree told when to try again; {@code null} for no wait
     * @return the attempt, holding its permits, or {@code null} (ended, or waiting when {@link #isEnded()} is false)
     */
    public Attempt nextAttempt(Runnable whenPermitMayBeFree) {
        if (state.get() != RUNNING) {
            releaseRetry();
            return null;
        }
        int number = attempts + 1;
        attempts = number;
        int period = s.permission();
        if (period < 0) {
            releaseRetry();
            refused(s.admission.circuitOpen(), number);
            return null;
        }
        if (!s.admission.tryAcquireAttemptPermit(p)) {
            s.outcomes.abandoned(period);
            if (whenPermitMayBeFree != null && awaitPermit(number, whenPermitMayBeFree)) {
                return null;
            }
            releaseRetry();
            refused(permitWait != null && permitWait.deadlineBound() ? s.admission.noPermitBeforeDeadline()
                    : s.admission.bulkheadFull(p), number);
            return null;
        }
        if (number > 1) {
            s.statistics.recordRetry(number);
        }
        if (observation == null) {
            s.fanOut.attemptStarted(listeners, number);
        } else {
            // the call is current while its attempt starts, whatever the subscriber had current, so the tracer takes
            // the call (not the caller's span) as the attempt's parent
            try (dev.retrykit.core.observation.ObservationScope ignored = observation.openCallScope()) {
                s.fanOut.attemptStarted(listeners, number);
            }
        }
        long attemptStart = precise ? s.clock.nanoTime() : timed ? s.clock.coarseNanoTime() : 0L;
        Attempt attempt = new Attempt(number, period, attemptStart, s.timeouts.limitNanos(p, deadline));
        if (state.get() != RUNNING) {
            attempt.abandoned();
            attempt.bodyEnded();
            return null;
        }
        return attempt;
    }

    private boolean awaitPermit(int number, Runnable whenPermitMayBeFree) {
        AsyncPermitWait previous = permitWait;
        if (previous == null && p.bulkheadMaxWaitNanos <= 0) {
            return false;
        }
        AsyncPermitWait wait = AsyncPermitWait.forAttempt(previous, number, p.bulkheadMaxWaitNanos, deadline,
                s.clock.nanoTime());
        permitWait = wait;
        if (!wait.start(s.bulkhead, s.registry.scheduler, whenPermitMayBeFree, s.clock.nanoTime())) {
            return false;
        }
        attempts = number - 1;
        pendingWait = wait;
        if (state.get() != RUNNING) {
            wait.cancel();
        }
        return true;
    }

    /**
     * The call's result once it has ended: the operation's value (or the last one a result predicate rejected), or
     * the fallback's value as the fallback function returned it (a {@code CompletionStage} or a reactive type stays
     * one); otherwise throws the last failure unchanged, earlier ones suppressed.
     *
     * @throws CancellationException when the call was cancelled
     * @throws IllegalStateException when the call has not ended yet
     */
    public T result() {
        if (state.get() == CANCELLED) {
            throw new CancellationException("call of service '" + s.name() + "' was cancelled");
        }
        if (!ended) {
            throw new IllegalStateException("call of service '" + s.name() + "' has not ended yet");
        }
        Throwable error = failure;
        if (error != null) {
            throw Throwables.rethrow(error);
        }
        return value;
    }

    /** Whether the call has ended (with a result, a failure, or by cancellation). */
    public boolean isEnded() {
        return state.get() != RUNNING;
    }

    /**
     * The caller gave up: ends the call, gives back the load-shedder slot and the global retry slot, and records
     * outcome {@code cancelled}. The attempt in flight gives back its own permits through {@link Attempt#abandoned()}
     * and {@link Attempt#bodyEnded()}. Nothing happens when the call had already ended.
     *
     * @return whether this cancelled the call
     */
    public boolean cancel() {
        if (!state.compareAndSet(RUNNING, CANCELLED)) {
            return false;
        }
        releaseHeld();
        AsyncPermitWait wait = pendingWait;
        if (wait != null) {
            wait.cancel();
        }
        s.ending.record(Outcome.CANCELLED, attempts, start, listeners);
        return true;
    }

    private void refused(CallRejectedException refusal, int number) {
        if (number == 1) {
            rejected(refusal);
        } else {
            stop(GiveUpReason.of(refusal), number - 1, refusal);
        }
    }

    private void rejected(CallRejectedException rejection) {
        if (settle()) {
            try {
                value = s.ending.reject(rejection, options, start, listeners);
            } catch (Throwable error) {
                failure = error;
            }
            ended = true;
        }
    }

    private void stop(GiveUpReason reason, int attemptCount, Throwable cause) {
        if (settle()) {
            try {
                value = s.ending.stop(history, reason, attemptCount, cause, options, start, listeners);
            } catch (Throwable error) {
                failure = error;
            }
            ended = true;
        }
    }

    private void succeed(T result, Outcome outcome, int attemptCount) {
        if (settle()) {
            value = s.ending.finishWithResult(result, outcome, null, attemptCount, start, listeners);
            ended = true;
        }
    }

    /** Ends the call once, returning the call's own permits; false when it had already ended. */
    private boolean settle() {
        if (!state.compareAndSet(RUNNING, ENDING)) {
            return false;
        }
        releaseHeld();
        return true;
    }

    private void releaseHeld() {
        releaseRetry();
        releaseShedder();
    }

    private void releaseShedder() {
        if (holdingShedder.getAndSet(false)) {
            s.shedder.release();
        }
    }

    private void releaseRetry() {
        if (holdingRetry.getAndSet(false)) {
            s.decision.releaseRetryPermit();
        }
    }

    /**
     * One attempt of the call, holding the breaker's permission and its bulkhead permit. Its body's end is reported
     * with {@link #bodyEnded()} (the bulkhead permit goes back), its outcome with {@link #succeeded} or
     * {@link #failed}, or {@link #abandoned()} when nobody waits for it any more. Each is idempotent and thread-safe.
     */
    public final class Attempt {

        private final int number;
        private final int period;
        private final long startNanos;
        private final long limitNanos;
        private final AtomicBoolean holdingPermit = new AtomicBoolean(true);
        private final AtomicBoolean verdictPending = new AtomicBoolean(true);

        private Attempt(int number, int period, long startNanos, long limitNanos) {
            this.number = number;
            this.period = period;
            this.startNanos = startNanos;
            this.limitNanos = limitNanos;
        }

        /** The attempt's number, 1 for the first. */
        public int number() {
            return number;
        }

        /**
         * How long this attempt may run: the per-attempt timeout (adaptive when configured) capped by the remaining
         * deadline; {@code null} when neither applies.
         */
        public Duration timeout() {
            return limitNanos == CompiledPolicy.NONE ? null : Duration.ofNanos(limitNanos);
        }

        /** The failure to end this attempt with when it overran {@link #timeout()}. */
        public AttemptTimeoutException timedOut() {
            return new AttemptTimeoutException(s.name(), Duration.ofNanos(limitNanos));
        }

        /**
         * The attempt's body returned, failed or was cancelled: its bulkhead permit goes back. Report it as soon as
         * the body stops (before the retry decision), and also for a body abandoned by a timeout.
         */
        public void bodyEnded() {
            if (holdingPermit.compareAndSet(true, false)) {
                s.admission.releaseAttemptPermit(p);
            }
        }

        /**
         * The attempt produced {@code result}: the call ends with it, unless a result predicate rejects it, which
         * makes it a failed attempt.
         *
         * @return {@link #ENDED}, or the delay before the next attempt in nanoseconds ({@code >= 0})
         */
        public long succeeded(T result) {
            return verdict(result, null);
        }

        /**
         * The attempt failed with {@code error} (a {@code CompletionException} layer is unwrapped): recorded in the
         * breaker and the listeners, classified, and retried or not.
         *
         * @return {@link #ENDED}, or the delay before the next attempt in nanoseconds ({@code >= 0}); during the
         * delay the call holds a slot of the global retry limit
         */
        public long failed(Throwable error) {
            return verdict(null, Objects.requireNonNull(error, "error"));
        }

        /**
         * Nobody waits for this attempt's outcome any more (the caller went away): the breaker's permission goes
         * back without a verdict. The bulkhead permit stays until {@link #bodyEnded()}.
         */
        public void abandoned() {
            if (verdictPending.compareAndSet(true, false)) {
                s.outcomes.abandoned(period);
                releaseRetry();
            }
        }

        private long verdict(T result, Throwable rawError) {
            if (!verdictPending.compareAndSet(true, false)) {
                return ENDED;
            }
            releaseRetry();
            if (state.get() != RUNNING) {
                s.outcomes.abandoned(period);
                return ENDED;
            }
            long duration = !timed ? 0L : (precise ? s.clock.nanoTime() : s.clock.coarseNanoTime()) - startNanos;
            Throwable error = rawError == null ? null : Throwables.unwrapFuture(rawError);
            if (p.sheddingEnabled) {
                s.shedder.onAttemptComplete(duration, error instanceof AttemptTimeoutException);
            }
            if (error == null) {
                boolean accepted;
                try {
                    accepted = s.outcomes.accepts(options, result, listeners, number, start, period);
                } catch (RuntimeException | Error predicateFailure) {
                    // recorded as the call's failure by AttemptOutcomes
                    if (settle()) {
                        failure = predicateFailure;
                        ended = true;
                    }
                    return ENDED;
                }
                if (accepted) {
                    s.outcomes.succeeded(p, listeners, number, duration, period);
                    succeed(result, number == 1 ? Outcome.SUCCESS : Outcome.SUCCESS_AFTER_RETRY, number);
                    return ENDED;
                }
            }
            if (history == null) {
                history = new AttemptHistory<>();
            }
            Classification classification = s.outcomes.failed(p, options, listeners, number, duration, error, result,
                    history, period);
            long delay = s.decision.delayOrStop(p, classification, number, max, previousDelay, deadline);
            if (delay < 0) {
                stop(RetryDecision.stopReason(delay), number, null);
                return ENDED;
            }
            holdingRetry.set(true);
            if (state.get() != RUNNING) {
                releaseRetry();
                return ENDED;
            }
            previousDelay = delay;
            s.fanOut.retryScheduled(listeners, number + 1, max, delay, history.last);
            return delay;
        }
    }
}
