package dev.retrykit.core.observation;

/**
 * One attempt of an {@link ObservedCall}, started by {@link ObservedCall#startAttempt(int)}.
 *
 * <p>Thread-safety: {@link #openScope()} may be called on several threads at once (hedged copies of the attempt run
 * side by side); {@link #stop} is called once, possibly on another thread than a scope still open (an attempt
 * abandoned by its per-attempt timeout is stopped when the caller gave up on it, while its body may still run).
 */
public interface ObservedAttempt {

    /**
     * Makes this attempt the current observation of the thread that runs its body (a worker thread under a
     * per-attempt timeout or hedging), until the scope is closed on that same thread.
     */
    ObservationScope openScope();

    /**
     * The attempt ended as the call saw it.
     *
     * @param succeeded whether its value ended the call's retries
     * @param error its failure, {@code null} on success or when a result predicate rejected its value
     */
    void stop(boolean succeeded, Throwable error);
}
