/**
 * Per-service statistics in bounded memory: {@link dev.retrykit.core.stats.ServiceStatistics} counts outcomes with
 * striped counters (a successful first attempt costs one increment, one clock read and one volatile read), derives
 * calls, attempts and rates when read (each with one meaning: a success is a call that returned the method's own
 * value, over all calls), keeps the calls of the last 30 seconds in a window that moves with the clock
 * ({@code RecentCalls}) and, when a policy needs it, a decaying
 * {@link dev.retrykit.core.stats.LatencyHistogram} for hedging delays and adaptive timeouts.
 */
package dev.retrykit.core.stats;
