package dev.retrykit.core.event;

/**
 * One recorded event of a service, as kept in its bounded recent-event buffer and shown by the actuator.
 *
 * @param type            what happened
 * @param epochMillis     when, on the registry's clock
 * @param attempt         attempt number the event is about, 0 when not applicable
 * @param delayMillis     scheduled delay of a retry, 0 otherwise
 * @param errorType       class name of the failure, or {@code null}
 * @param message         short description (failure messages cut to 200 characters), or {@code null}
 */
public record RetryEvent(Type type, long epochMillis, int attempt, long delayMillis, String errorType, String message) {

    /** Event kinds. */
    public enum Type {
        /** A retry was scheduled. */
        RETRY_SCHEDULED,
        /**
         * Retries stopped (attempts, deadline, {@code Retry-After}, budget, breaker, bulkhead); {@code message} starts
         * with the {@link dev.retrykit.core.GiveUpReason#description()}.
         */
        EXHAUSTED,
        /** A failure that is not retried; {@code message} starts with {@code not retryable}. */
        NON_RETRYABLE,
        /** A call refused before the method ran. */
        REJECTED,
        /** A fallback served the value. */
        FALLBACK,
        /** Breaker state change; {@code message} is {@code FROM->TO}. */
        STATE_TRANSITION,
        /** A call that succeeded after retries. */
        RECOVERED,
        /** An operator changed the configuration or state at runtime. */
        RECONFIGURED
    }
}
