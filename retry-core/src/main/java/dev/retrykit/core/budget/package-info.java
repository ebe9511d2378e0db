/**
 * Retry budgets, which keep retries from turning an outage into a retry storm:
 * {@link dev.retrykit.core.budget.RetryBudget} allows retries in proportion to the calls made (a token bucket that
 * every call fills by a ratio, refilled by a minimum rate, capped per minute and per hour), and
 * {@link dev.retrykit.core.budget.GlobalRetryLimit} caps the retries in flight across all services at once.
 */
package dev.retrykit.core.budget;
