package dev.retrykit.core.event;

import dev.retrykit.core.GiveUpReason;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.breaker.CircuitState;

/**
 * Listener SPI for everything that happens to guarded calls. Every method has an empty default, takes only
 * primitives and existing objects, and is called on the thread that saw the event: implementations must be
 * thread-safe, fast and must not throw (a throwing listener is ignored).
 *
 * <p>Success-path methods ({@link #onAttemptStarted}, {@link #onAttemptSucceeded}, {@link #onCallFinished}) run
 * for every call: keep them allocation-free.
 *
 * <p>Reading the clock is part of every call's cost, so a listener says which durations it uses:
 * {@link #needsAttemptDurations()} and {@link #needsCallDurations()}. The call path reads {@code System.nanoTime()}
 * only as often as the most demanding registered listener (or the policy itself) needs; both default to
 * {@code true}, so a listener that does not say gets every duration.
 */
public interface RetryEventListener {

    /**
     * Whether this listener uses the {@code durationNanos} of {@link #onAttemptSucceeded} and
     * {@link #onAttemptFailed}. When no registered listener does, attempts are timed only as far as the policy needs
     * (a millisecond ticker for the circuit breaker, or not at all) and the durations passed are that coarse
     * measure or 0. Read when the listener is registered; the answer must not change afterwards.
     */
    default boolean needsAttemptDurations() {
        return true;
    }

    /**
     * Whether this listener uses the {@code durationNanos} of {@link #onCallFinished}. When no registered listener
     * does, calls are not timed for listeners and 0 is passed. Read when the listener is registered; the answer must
     * not change afterwards.
     */
    default boolean needsCallDurations() {
        return true;
    }

    /** An attempt (1 = first) is about to invoke the method. */
    default void onAttemptStarted(String service, int attempt) {
    }

    /** An attempt returned normally after {@code durationNanos}. */
    default void onAttemptSucceeded(String service, int attempt, long durationNanos) {
    }

    /** An attempt threw (or returned a result that counts as failure, then {@code error} is null). */
    default void onAttemptFailed(String service, int attempt, long durationNanos, Throwable error) {
    }

    /** A retry will start after {@code delayNanos}. */
    default void onRetryScheduled(String service, int nextAttempt, int maxAttempts, long delayNanos, Throwable lastError) {
    }

    /** Retryable failures ran out of attempts, deadline or budget. */
    default void onExhausted(String service, int attempts, Outcome outcome, Throwable lastError) {
    }

    /**
     * A call gave up without the method's own value after {@code attempts} attempts (at least 1), for
     * {@code reason}: the one event that says why, whatever it was (a non-retryable failure, attempts, deadline,
     * {@code Retry-After}, budget, breaker, bulkhead). Comes after {@link #onExhausted} or {@link #onNonRetryable}
     * and before {@link #onFallback} and {@link #onCallFinished}. Calls refused before their first attempt are
     * reported by {@link #onRejected} instead.
     *
     * @param service      the service name
     * @param attempts     attempts that invoked the method
     * @param elapsedNanos time since the call began, in nanoseconds
     * @param reason       why the call stopped
     * @param lastError    the failure the caller gets (or the fallback sees); {@code null} when the last attempt's
     *                     result, rejected by {@code retryOnResult}, is returned
     */
    default void onGaveUp(String service, int attempts, long elapsedNanos, GiveUpReason reason, Throwable lastError) {
    }

    /** A failure was not retryable and ended the call. */
    default void onNonRetryable(String service, int attempt, Throwable error) {
    }

    /** A call was refused before the method ran. */
    default void onRejected(String service, Throwable rejection) {
    }

    /** A fallback served the value after {@code failure}. */
    default void onFallback(String service, Throwable failure) {
    }

    /** A call ended; {@code durationNanos} is 0 when nothing needed the clock. */
    default void onCallFinished(String service, Outcome outcome, int attempts, long durationNanos) {
    }

    /** The service's circuit breaker changed state. */
    default void onStateTransition(String service, CircuitState from, CircuitState to) {
    }
}
