/**
 * Operating retrykit at runtime: the {@code retry} actuator endpoint (read every service's policy, breaker, budget,
 * bulkhead and statistics; change a policy or force a breaker), the {@code retry} health contributor, the health
 * score both of them report, and the log lines written for retries and breaker transitions. Nothing here is on the
 * path of a guarded call except {@link dev.retrykit.spring.actuate.RetryLoggingListener}, which only formats a line
 * when a retry is scheduled or a breaker changes state.
 */
package dev.retrykit.spring.actuate;
