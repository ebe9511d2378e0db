package dev.retrykit.core.classify;

/** What a failure means for retries and for the circuit breaker. */
public enum Verdict {
    /** Transient: retry it, and count it as a failure of the service. */
    RETRYABLE,
    /** Permanent: rethrow at once, and count it as a failure of the service. */
    NON_RETRYABLE,
    /** The caller's fault (e.g. HTTP 4xx other than 408/429): rethrow at once and do not count it against the service. */
    CALLER_FAULT
}
