package dev.retrykit.core;

/**
 * Why a call stopped without the method's own value after at least one attempt: what a log line or an operator
 * needs to tell "the dependency kept failing" from "a limit of ours stopped the retries". Reported to
 * {@link dev.retrykit.core.event.RetryEventListener#onGaveUp} and written into the service's recent events.
 */
public enum GiveUpReason {
    /** The failure is not retryable (or the caller's {@code retryOnResult} predicate threw); outcome {@code failure}. */
    NOT_RETRYABLE("not retryable", Outcome.FAILURE),
    /** Every attempt allowed ({@code max-attempts}) failed; outcome {@code exhausted}. */
    ATTEMPTS_EXHAUSTED("attempts exhausted", Outcome.EXHAUSTED),
    /** The next attempt could not start before {@code timeout.total}; outcome {@code exhausted}. */
    DEADLINE("deadline reached (timeout.total)", Outcome.EXHAUSTED),
    /** The server's {@code Retry-After} lies beyond {@code max-delay} or the deadline; outcome {@code exhausted}. */
    RETRY_AFTER_TOO_LONG("Retry-After beyond max-delay or the deadline", Outcome.EXHAUSTED),
    /** The service's or the global retry budget, or the global limit of retries in flight, refused the retry. */
    BUDGET("retry budget exhausted", Outcome.BUDGET_EXHAUSTED),
    /** The circuit breaker is open and would refuse the next attempt. */
    CIRCUIT_OPEN("circuit breaker open", Outcome.EXHAUSTED),
    /** No bulkhead permit (or no worker thread) for the next attempt. */
    BULKHEAD_FULL("bulkhead full", Outcome.EXHAUSTED),
    /** The backoff strategy threw instead of giving a delay. */
    BACKOFF_FAILED("backoff strategy failed", Outcome.EXHAUSTED),
    /** The calling thread was interrupted while waiting for the next attempt. */
    INTERRUPTED("interrupted", Outcome.EXHAUSTED);

    private final String description;
    private final Outcome outcome;

    GiveUpReason(String description, Outcome outcome) {
        this.description = description;
        this.outcome = outcome;
    }

    /** A few words for logs and events, e.g. {@code attempts exhausted}. */
    public String description() {
        return description;
    }

    /** The outcome a call that gives up for this reason records, unless a fallback serves it. */
    public Outcome outcome() {
        return outcome;
    }

    /** The reason of a retry that an admission gate refused with {@code refusal}. */
    static GiveUpReason of(CallRejectedException refusal) {
        if (refusal instanceof CircuitOpenException) {
            return CIRCUIT_OPEN;
        }
        if (refusal instanceof DeadlineExceededException) {
            return DEADLINE;
        }
        return BULKHEAD_FULL;
    }
}
