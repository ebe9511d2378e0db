package dev.retrykit.core;

import dev.retrykit.core.breaker.CircuitBreaker;
import dev.retrykit.core.classify.Classification;
import dev.retrykit.core.classify.Verdict;
import dev.retrykit.core.event.RetryEventListener;
import dev.retrykit.core.internal.CompiledPolicy;
import dev.retrykit.core.stats.ServiceStatistics;

/**
 * What one finished attempt tells the service: the breaker's verdict (with the period its permission came from), the
 * latency statistics, the listeners, and the call's {@link AttemptHistory}. Caller faults and cancelled attempts give
 * the breaker permission back without an outcome.
 *
 * <p>Stateless; thread-safe.
 */
final class AttemptOutcomes {

    private final CircuitBreaker breaker;
    private final ServiceStatistics statistics;
    private final EventFanOut fanOut;
    private final CallEnding ending;

    AttemptOutcomes(CircuitBreaker breaker, ServiceStatistics statistics, EventFanOut fanOut, CallEnding ending) {
        this.breaker = breaker;
        this.statistics = statistics;
        this.fanOut = fanOut;
        this.ending = ending;
    }

    /**
     * Whether the result ends the call. A result predicate that throws ends the call with its own exception (outcome
     * failure, not counted against the service): it is the caller's bug, not the dependency's.
     */
    boolean accepts(CallOptions options, Object result, RetryEventListener[] listeners, int attempt, long start,
                    int period) {
        if (options.retryOnResult() == null) {
            return true;
        }
        try {
            return !options.retryOnResult().test(result);
        } catch (RuntimeException | Error predicateFailure) {
            breaker.releasePermission(period);
            ending.gaveUp(listeners, predicateFailure, Outcome.FAILURE, GiveUpReason.NOT_RETRYABLE, attempt, start);
            ending.record(Outcome.FAILURE, attempt, start, listeners);
            throw predicateFailure;
        }
    }

    void succeeded(CompiledPolicy p, RetryEventListener[] listeners, int attempt, long duration, int period) {
        breaker.onSuccess(duration, period);
        if (p.recordLatency) {
            statistics.recordLatency(duration);
        }
        fanOut.attemptSucceeded(listeners, attempt, duration);
    }

    /**
     * Records a failed attempt (an exception, or a result the predicate rejected when {@code error} is null) in the
     * breaker, the listeners and {@code history}, and classifies it.
     */
    <T> Classification failed(CompiledPolicy p, CallOptions options, RetryEventListener[] listeners, int attempt,
                              long duration, Throwable error, T result, AttemptHistory<T> history, int period) {
        fanOut.attemptFailed(listeners, attempt, duration, error);
        if (error == null) {
            breaker.onError(duration, period);
            history.rejectedResult(result);
            return Classification.RETRYABLE;
        }
        Classification classification = RetryDecision.classify(p, options, error);
        if (classification.verdict() == Verdict.CALLER_FAULT) {
            breaker.releasePermission(period);
        } else {
            breaker.onError(duration, period);
        }
        history.failed(error);
        return classification;
    }

    /** An attempt that ended without a verdict (cancelled, or refused a worker): its permission goes back. */
    void abandoned(int period) {
        breaker.releasePermission(period);
    }
}
