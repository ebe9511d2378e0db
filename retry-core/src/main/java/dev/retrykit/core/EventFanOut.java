package dev.retrykit.core;

import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.event.RecentEvents;
import dev.retrykit.core.event.RetryEvent;
import dev.retrykit.core.event.RetryEventListener;
import dev.retrykit.core.internal.CompiledPolicy;
import dev.retrykit.core.internal.Throwables;
import dev.retrykit.core.time.Clock;

/**
 * Tells the listeners and the recent-event ring of one service what happened. Every event goes through one loop
 * ({@link #fanOut}); a listener that throws never breaks the call. Nothing here allocates when no listener is
 * registered and the event is not kept in the ring (attempt starts and successes). The clock is read for listeners
 * only as often as the most demanding one declares ({@link RetryEventListener#needsAttemptDurations()},
 * {@link RetryEventListener#needsCallDurations()}), see {@link #timingOf}.
 *
 * <p>Stateless apart from the ring, which is thread-safe; the listener array is read once per call by the caller.
 */
final class EventFanOut {

    /** A bit of {@link #timingOf}: some listener uses attempt durations. */
    static final int ATTEMPT_DURATIONS = 1;
    /** A bit of {@link #timingOf}: some listener uses call durations. */
    static final int CALL_DURATIONS = 2;
    /** The start of a call whose duration nobody needs: the clock was not read. */
    static final long UNTIMED = Long.MIN_VALUE;

    private static final int MESSAGE_LIMIT = 200;
    private static final int ATTEMPT_STARTED = 0;
    private static final int ATTEMPT_SUCCEEDED = 1;
    private static final int ATTEMPT_FAILED = 2;
    private static final int RETRY_SCHEDULED = 3;
    private static final int EXHAUSTED = 4;
    private static final int NON_RETRYABLE = 5;
    private static final int REJECTED = 6;
    private static final int FALLBACK = 7;
    private static final int CALL_FINISHED = 8;
    private static final int TRANSITION = 9;
    private static final int GAVE_UP = 10;

    private final String name;
    private final Clock clock;
    private final RecentEvents events;

    EventFanOut(String name, Clock clock, RecentEvents events) {
        this.name = name;
        this.clock = clock;
        this.events = events;
    }

    RecentEvents events() {
        return events;
    }

    /** The durations {@code listeners} need, as {@link #ATTEMPT_DURATIONS} and {@link #CALL_DURATIONS} bits. */
    static int timingOf(RetryEventListener[] listeners) {
        int timing = 0;
        for (RetryEventListener listener : listeners) {
            if (listener.needsAttemptDurations()) {
                timing |= ATTEMPT_DURATIONS;
            }
            if (listener.needsCallDurations()) {
                timing |= CALL_DURATIONS;
            }
        }
        return timing;
    }

    /** Reads the clock when a call starts only if the policy or a listener needs it; else {@link #UNTIMED}. */
    static long callStart(CompiledPolicy p, int timing, Clock clock) {
        return p.needsClock || (timing & CALL_DURATIONS) != 0 ? clock.nanoTime() : UNTIMED;
    }

    /** Whether attempts are timed with {@code nanoTime} (else on the coarse ticker when the breaker needs it). */
    static boolean preciseAttempts(CompiledPolicy p, int timing) {
        return (timing & ATTEMPT_DURATIONS) != 0 || p.recordLatency || p.sheddingEnabled;
    }

    void attemptStarted(RetryEventListener[] listeners, int attempt) {
        if (listeners.length != 0) {
            fanOut(listeners, ATTEMPT_STARTED, attempt, 0, 0L, null, null);
        }
    }

    void attemptSucceeded(RetryEventListener[] listeners, int attempt, long durationNanos) {
        if (listeners.length != 0) {
            fanOut(listeners, ATTEMPT_SUCCEEDED, attempt, 0, durationNanos, null, null);
        }
    }

    void attemptFailed(RetryEventListener[] listeners, int attempt, long durationNanos, Throwable error) {
        if (listeners.length != 0) {
            fanOut(listeners, ATTEMPT_FAILED, attempt, 0, durationNanos, error, null);
        }
    }

    void retryScheduled(RetryEventListener[] listeners, int nextAttempt, int max, long delayNanos, Throwable last) {
        events.add(new RetryEvent(RetryEvent.Type.RETRY_SCHEDULED, clock.currentTimeMillis(), nextAttempt,
                delayNanos / 1_000_000L, errorType(last),
                last == null ? "result rejected by retryOnResult" : Throwables.shortMessage(last, MESSAGE_LIMIT)));
        fanOut(listeners, RETRY_SCHEDULED, nextAttempt, max, delayNanos, last, null);
    }

    void recovered(int attempts) {
        events.add(new RetryEvent(RetryEvent.Type.RECOVERED, clock.currentTimeMillis(), attempts, 0, null, null));
    }

    /**
     * A call that ended without the method's value after {@code attempts}: a non-retryable failure, or retries that
     * stopped for {@code reason}, {@code elapsedNanos} after the call began (0 when not measured). The event's message
     * starts with the reason.
     */
    void gaveUp(RetryEventListener[] listeners, Throwable error, Outcome outcome, GiveUpReason reason, int attempts,
                long elapsedNanos) {
        RetryEvent.Type type = outcome == Outcome.FAILURE ? RetryEvent.Type.NON_RETRYABLE : RetryEvent.Type.EXHAUSTED;
        String detail = Throwables.shortMessage(error, MESSAGE_LIMIT);
        String message = detail == null ? reason.description() : reason.description() + ": " + detail;
        events.add(new RetryEvent(type, clock.currentTimeMillis(), attempts, 0, errorType(error),
                message.length() <= MESSAGE_LIMIT ? message : message.substring(0, MESSAGE_LIMIT)));
        fanOut(listeners, outcome == Outcome.FAILURE ? NON_RETRYABLE : EXHAUSTED, attempts, 0, 0L, error, outcome);
        fanOut(listeners, GAVE_UP, attempts, 0, elapsedNanos, error, reason);
    }

    void rejected(RetryEventListener[] listeners, CallRejectedException rejection) {
        events.add(new RetryEvent(RetryEvent.Type.REJECTED, clock.currentTimeMillis(), 0, 0,
                rejection.getClass().getName(), rejection.getMessage()));
        fanOut(listeners, REJECTED, 0, 0, 0L, rejection, null);
    }

    void fallback(RetryEventListener[] listeners, Throwable failure) {
        events.add(new RetryEvent(RetryEvent.Type.FALLBACK, clock.currentTimeMillis(), 0, 0, errorType(failure),
                Throwables.shortMessage(failure, MESSAGE_LIMIT)));
        fanOut(listeners, FALLBACK, 0, 0, 0L, failure, null);
    }

    void callFinished(RetryEventListener[] listeners, Outcome outcome, int attempts, long durationNanos) {
        if (listeners.length != 0) {
            fanOut(listeners, CALL_FINISHED, attempts, 0, durationNanos, null, outcome);
        }
    }

    void transition(RetryEventListener[] listeners, CircuitState from, CircuitState to) {
        events.add(new RetryEvent(RetryEvent.Type.STATE_TRANSITION, clock.currentTimeMillis(), 0, 0, null, from + "->" + to));
        fanOut(listeners, TRANSITION, 0, 0, 0L, from, to);
    }

    void reconfigured(String description) {
        events.add(new RetryEvent(RetryEvent.Type.RECONFIGURED, clock.currentTimeMillis(), 0, 0, null,
                description.length() <= MESSAGE_LIMIT ? description : description.substring(0, MESSAGE_LIMIT)));
    }

    /** The one listener loop: {@code number} is an attempt number, {@code a} and {@code b} the event's objects. */
    private void fanOut(RetryEventListener[] listeners, int kind, int number, int max, long nanos, Object a, Object b) {
        for (RetryEventListener listener : listeners) {
            try {
                switch (kind) {
                    case ATTEMPT_STARTED -> listener.onAttemptStarted(name, number);
                    case ATTEMPT_SUCCEEDED -> listener.onAttemptSucceeded(name, number, nanos);
                    case ATTEMPT_FAILED -> listener.onAttemptFailed(name, number, nanos, (Throwable) a);
                    case RETRY_SCHEDULED -> listener.onRetryScheduled(name, number, max, nanos, (Throwable) a);
                    case EXHAUSTED -> listener.onExhausted(name, number, (Outcome) b, (Throwable) a);
                    case NON_RETRYABLE -> listener.onNonRetryable(name, number, (Throwable) a);
                    case REJECTED -> listener.onRejected(name, (Throwable) a);
                    case FALLBACK -> listener.onFallback(name, (Throwable) a);
                    case CALL_FINISHED -> listener.onCallFinished(name, (Outcome) b, number, nanos);
                    case GAVE_UP -> listener.onGaveUp(name, number, nanos, (GiveUpReason) b, (Throwable) a);
                    default -> listener.onStateTransition(name, (CircuitState) a, (CircuitState) b);
                }
            } catch (RuntimeException ignored) {
                // a listener must never break the call
            }
        }
    }

    private static String errorType(Throwable error) {
        return error == null ? null : error.getClass().getName();
    }
}
