/**
 * Hedging settings: for idempotent calls, extra attempts start after {@code delay} (or the service's observed p95
 * latency) while the first is still running; the first success wins, the others are cancelled, and every hedge is
 * paid for from the retry budget. The executor part lives in {@link dev.retrykit.core.GuardedService}.
 */
package dev.retrykit.core.hedge;
