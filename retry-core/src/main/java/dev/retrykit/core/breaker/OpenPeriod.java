package dev.retrykit.core.breaker;

/**
 * When an OPEN {@link CircuitBreaker} opened and when its wait ends, as returned by
 * {@link CircuitBreaker#openPeriod()}. Both instants are epoch milliseconds on the wall clock of the breaker's clock.
 *
 * @param openedAtMillis    when the breaker entered OPEN
 * @param nextTrialAtMillis when the wait in open ends: the first call asked after it moves the breaker to HALF_OPEN
 *                          and becomes a trial (a time in the past means the wait is over and no call came since)
 */
public record OpenPeriod(long openedAtMillis, long nextTrialAtMillis) {
}
