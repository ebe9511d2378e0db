package dev.retrykit.core.observation;

/**
 * One attempt of an {@link ObservedCall}, started by {@link ObservedCall#startAttempt(int)}.
 *
 * <p>Thread-safety: {@link #openScope()} may be called on several threads at once (hedged copies of the attempt run
 * side by side); {@link #stop} is called once, after every scope opened for the attempt has been closed: an attempt
 * abandoned by its per-attempt timeout stops when its body has really returned, with the timeout the caller saw.
 */
public interface ObservedAttempt {

    /**
     * Makes this attempt the current observation of the thread that runs its body (a worker thread under a
     * per-attempt timeout or hedging), until the scope is closed on that same thread.
     */
    ObservationScope openScope();

    /**
     * The attempt ended: its verdict as the call saw it, given once no body of it runs any more.
     *
     * @param succeeded whether its value ended the call's retries
     * @param error its failure, {@code null} on success or when a result predicate rejected its value
     */
    void stop(boolean succeeded, Throwable error);
}
