package dev.retrykit.core;

import dev.retrykit.core.event.RetryEventListener;
import dev.retrykit.core.internal.Throwables;
import dev.retrykit.core.stats.ServiceStatistics;
import dev.retrykit.core.time.Clock;

/**
 * How a call ends, the same for blocking and asynchronous calls: the outcome is recorded exactly once (statistics
 * and {@code onCallFinished}), a fallback is served where it applies, otherwise the last failure is rethrown
 * unchanged with the earlier ones suppressed.
 *
 * <p>Stateless; thread-safe.
 */
final class CallEnding {

    private final Clock clock;
    private final ServiceStatistics statistics;
    private final EventFanOut fanOut;
    private final Admission admission;

    CallEnding(Clock clock, ServiceStatistics statistics, EventFanOut fanOut, Admission admission) {
        this.clock = clock;
        this.statistics = statistics;
        this.fanOut = fanOut;
        this.admission = admission;
    }

    /** Records the call's outcome in the statistics and tells the listeners. */
    void record(Outcome outcome, int attempts, long start, RetryEventListener[] listeners) {
        statistics.recordCall(outcome, attempts);
        if (listeners.length != 0) {
            fanOut.callFinished(listeners, outcome, attempts, start == EventFanOut.UNTIMED ? 0L : clock.nanoTime() - start);
        }
    }

    /** A call refused before its first attempt: the fallback, or the rejection thrown. */
    <T> T reject(CallRejectedException rejection, CallOptions options, long start, RetryEventListener[] listeners) {
        fanOut.rejected(listeners, rejection);
        return fallbackOrThrow(rejection, Outcome.REJECTED, 0, options, start, listeners);
    }

    /**
     * Tells the listeners and the recent events that the call gives up for {@code reason} after {@code attempts}, with
     * the time since {@code start} when a listener wants it.
     */
    void gaveUp(RetryEventListener[] listeners, Throwable error, Outcome outcome, GiveUpReason reason, int attempts,
                long start) {
        fanOut.gaveUp(listeners, error, outcome, reason, attempts, listeners.length != 0 ? clock.nanoTime() - start : 0L);
    }

    /**
     * A call that ends with a value of the method: its own success ({@code reason} null), or a result the predicate
     * kept rejecting until the call gave up for {@code reason}.
     */
    <T> T finishWithResult(T result, Outcome outcome, GiveUpReason reason, int attempts, long start,
                           RetryEventListener[] listeners) {
        if (outcome == Outcome.SUCCESS_AFTER_RETRY) {
            fanOut.recovered(attempts);
        } else if (outcome != Outcome.SUCCESS) {
            gaveUp(listeners, null, outcome, reason, attempts, start);
        }
        record(outcome, attempts, start, listeners);
        return result;
    }

    /**
     * The failure a call that gives up rethrows: the last one, with the earlier ones and {@code cause} attached as
     * suppressed; for a breaker that is open, the rejection the next attempt would have met when {@code cause} is null.
     */
    Throwable finalFailure(AttemptHistory<?> history, GiveUpReason reason, Throwable cause) {
        return history.finalFailure(cause == null && reason == GiveUpReason.CIRCUIT_OPEN ? admission.circuitOpen() : cause);
    }

    /**
     * Ends a call that gives up for {@code reason} after {@code attempts}: returns the last attempt's result when a
     * result predicate rejected it, else rethrows the last failure (earlier ones and {@code cause} suppressed) or
     * serves the fallback. The outcome is the reason's.
     */
    <T> T stop(AttemptHistory<T> history, GiveUpReason reason, int attempts, Throwable cause, CallOptions options,
               long start, RetryEventListener[] listeners) {
        Outcome outcome = reason.outcome();
        if (history.endsWithResult) {
            return finishWithResult(history.lastResult, outcome, reason, attempts, start, listeners);
        }
        Throwable last = finalFailure(history, reason, cause);
        gaveUp(listeners, last, outcome, reason, attempts, start);
        return fallbackOrThrow(last, outcome, attempts, options, start, listeners);
    }

    /**
     * Serves the fallback for {@code failure} when one applies (outcome {@code fallback}); otherwise records
     * {@code outcome} and rethrows. A fallback that throws records {@code outcome} and throws its exception.
     */
    @SuppressWarnings("unchecked")
    <T> T fallbackOrThrow(Throwable failure, Outcome outcome, int attempts, CallOptions options, long start,
                          RetryEventListener[] listeners) {
        if (options.fallbackApplies(failure)) {
            T value;
            try {
                value = (T) options.fallback().apply(failure);
            } catch (Throwable fallbackError) {
                record(outcome, attempts, start, listeners);
                throw Throwables.rethrow(fallbackError);
            }
            fanOut.fallback(listeners, failure);
            record(Outcome.FALLBACK, attempts, start, listeners);
            return value;
        }
        record(outcome, attempts, start, listeners);
        throw Throwables.rethrow(failure);
    }
}
