package dev.retrykit.core.observation;

import dev.retrykit.core.Outcome;

/**
 * One guarded call under observation, returned by {@link CallObserver#startCall} already started. The call path calls
 * {@link #startAttempt} once per attempt, in order, and {@link #stop} exactly once at the end.
 *
 * <p>Thread-safety: the methods are called one after the other (each happens-after the previous one), but not
 * necessarily on the same thread for an asynchronous call.
 */
public interface ObservedCall {

    /**
     * Attempt {@code attempt} (1 = first) was admitted (breaker and bulkhead) and is about to run: returns its started
     * observation, a child of this call. Called on the thread that starts the attempt, which is not always the thread
     * that runs its body (see {@link ObservedAttempt#openScope()}).
     */
    ObservedAttempt startAttempt(int attempt);

    /**
     * Makes this call the current observation of the caller's thread until the scope is closed: for a blocking call
     * around the whole call (fallback included), for an asynchronous call while it starts (its first attempt starts
     * on the caller's thread). {@link #stop} is never called while this scope is open.
     */
    ObservationScope openScope();

    /**
     * The call ended.
     *
     * @param outcome the outcome recorded for it, or {@code null} when it ended without one (an unexpected failure of
     *                retrykit's own bookkeeping)
     * @param error what the caller got thrown (or its future completed with), {@code null} when it got a value
     *              (its own, or a fallback's)
     * @param attempts attempts that started
     */
    void stop(Outcome outcome, Throwable error, int attempts);
}
