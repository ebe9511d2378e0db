package dev.retrykit.core.classify;

import java.util.Objects;

/**
 * The result of classifying one failure: a {@link Verdict} and, optionally, the server's hint of when to retry.
 *
 * @param verdict    what the failure means
 * @param retryAfter the server's {@code Retry-After}, or {@code null}
 */
public record Classification(Verdict verdict, RetryAfter retryAfter) {

    /** Retryable, no hint. */
    public static final Classification RETRYABLE = new Classification(Verdict.RETRYABLE, null);
    /** Not retryable, counted by the breaker. */
    public static final Classification NON_RETRYABLE = new Classification(Verdict.NON_RETRYABLE, null);
    /** The caller's fault: not retryable, not counted by the breaker. */
    public static final Classification CALLER_FAULT = new Classification(Verdict.CALLER_FAULT, null);

    /** Validates the verdict. */
    public Classification {
        Objects.requireNonNull(verdict, "verdict");
    }

    /** Retryable, not before {@code retryAfter}. */
    public static Classification retryableAfter(RetryAfter retryAfter) {
        return retryAfter == null ? RETRYABLE : new Classification(Verdict.RETRYABLE, retryAfter);
    }

    /** Whether the failure may be retried. */
    public boolean retryable() {
        return verdict == Verdict.RETRYABLE;
    }
}
