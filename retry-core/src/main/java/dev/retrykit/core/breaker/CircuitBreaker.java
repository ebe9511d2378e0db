package dev.retrykit.core.breaker;

import dev.retrykit.core.time.Clock;

/** STUB: replaced by the protection work. Signatures are the contract. */
public final class CircuitBreaker {

    /** Receives state transitions. */
    @FunctionalInterface
    public interface TransitionListener {
        void onStateTransition(String name, CircuitState from, CircuitState to);
    }

    private volatile CircuitState state = CircuitState.CLOSED;

    public CircuitBreaker(String name, CircuitBreakerConfig config, Clock clock, TransitionListener listener) {
    }

    /** True when the call may proceed; in HALF_OPEN at most halfOpenCalls permits. Counts not-permitted calls. */
    public boolean tryAcquirePermission() {
        return state != CircuitState.OPEN && state != CircuitState.FORCED_OPEN;
    }

    /** Records a successful call that took durationNanos. */
    public void onSuccess(long durationNanos) {
    }

    /** Records a failed call (counted against the service). */
    public void onError(long durationNanos) {
    }

    /** Releases a permission without recording (caller's fault, cancelled). */
    public void releasePermission() {
    }

    public CircuitState state() {
        return state;
    }

    /** Operator or store driven transition: FORCED_OPEN, CLOSED, DISABLED, OPEN, HALF_OPEN. */
    public void transitionTo(CircuitState target) {
        state = target;
    }

    /** Swaps the configuration atomically; the window is reset when its shape changes. */
    public void reconfigure(CircuitBreakerConfig config) {
    }

    public CircuitBreakerConfig config() {
        return CircuitBreakerConfig.DEFAULT;
    }

    /** Remaining wait in OPEN in nanos, 0 when not OPEN. */
    public long remainingOpenNanos() {
        return 0;
    }

    public CircuitBreakerMetrics metrics() {
        return new CircuitBreakerMetrics(0, 0, 0, 0, 0);
    }
}
