/**
 * The circuit breaker: {@link dev.retrykit.core.breaker.CircuitBreaker} watches a service's outcomes in a count- or
 * time-based sliding window and opens when the failure rate or the slow-call rate reaches its threshold, rejecting
 * calls for a wait that doubles on each repeated trip, then lets a fixed number of trial calls decide whether to
 * close again; operators can force it open or disable it. Its hot path (permission in CLOSED, recording a fast
 * success) is lock-free and allocation-free, with successes counted in per-thread stripes.
 */
package dev.retrykit.core.breaker;
