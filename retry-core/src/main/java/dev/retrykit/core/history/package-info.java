/**
 * Recent history for charts: {@link dev.retrykit.core.history.HistoryRecorder} listens to every guarded call and, on a
 * clock (never when read), takes one {@link dev.retrykit.core.history.HistorySample} per service per interval: calls
 * by outcome, attempts and failed attempts, retries, the 95th percentile of call latency, and the budget, bulkhead and
 * breaker as they stood. It keeps a bounded number of samples per service (the retention), so its memory does not
 * grow with time or traffic; the live dashboard draws its charts from it.
 */
package dev.retrykit.core.history;
