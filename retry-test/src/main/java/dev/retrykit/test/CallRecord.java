package dev.retrykit.test;

import dev.retrykit.core.Outcome;

/**
 * One finished call of a guarded service, as a test sees it.
 *
 * @param outcome        how the call ended
 * @param attempts       attempts that invoked the method (0 when it was rejected before the first)
 * @param durationNanos  the call's duration on the registry's clock (virtual time under {@link RetryTest})
 */
public record CallRecord(Outcome outcome, int attempts, long durationNanos) {
}
