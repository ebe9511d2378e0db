/**
 * Per-service statistics in bounded memory: {@link dev.retrykit.core.stats.ServiceStatistics} counts outcomes with
 * striped counters (a successful first attempt costs one increment), derives calls, attempts and success rates when
 * read, and keeps a recent success rate and, when a policy needs it, a decaying
 * {@link dev.retrykit.core.stats.LatencyHistogram} for hedging delays and adaptive timeouts.
 */
package dev.retrykit.core.stats;
