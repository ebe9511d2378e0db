package dev.retrykit.core;

import java.util.Locale;

/** How a guarded call ended; the {@link #tagValue()} is the {@code outcome} tag of {@code retry.calls}. */
public enum Outcome {
    /** Succeeded at the first attempt. */
    SUCCESS,
    /** Succeeded after one or more retries. */
    SUCCESS_AFTER_RETRY,
    /** Ended by a non-retryable error. */
    FAILURE,
    /** Retryable failures until attempts or the deadline ran out. */
    EXHAUSTED,
    /** A retry was refused by a budget or the global retry limit. */
    BUDGET_EXHAUSTED,
    /** Refused by breaker, bulkhead, load shedding or deadline before the method ran, with no fallback. */
    REJECTED,
    /** A fallback or the stale cache served the value. */
    FALLBACK,
    /** The caller cancelled the returned future or disposed the subscription. */
    CANCELLED;

    private final String tagValue = name().toLowerCase(Locale.ROOT);

    /** The lower-case metric tag value, e.g. {@code success_after_retry}. */
    public String tagValue() {
        return tagValue;
    }

    /** Whether the caller received a value. */
    public boolean isSuccess() {
        return this == SUCCESS || this == SUCCESS_AFTER_RETRY || this == FALLBACK;
    }

}
