package dev.retrykit.core.breaker;

/** The states of a {@link CircuitBreaker}; names are upper case in JSON and metrics. */
public enum CircuitState {
    /** Calls flow; outcomes are recorded in the sliding window. */
    CLOSED,
    /** Calls are rejected until the wait in open has passed. */
    OPEN,
    /** A fixed number of trial calls decide whether to close or open again. */
    HALF_OPEN,
    /** Rejects every call until an operator closes it. */
    FORCED_OPEN,
    /** Admits every call and records nothing. */
    DISABLED
}
