/**
 * Micrometer metrics of retrykit: {@link dev.retrykit.spring.metrics.RetryMetrics} binds a fixed set of meters per
 * service ({@code retry.calls}, {@code retry.call.duration}, {@code retry.circuit.state}, ...) and keeps them up
 * to date from the service registry's events and state.
 */
package dev.retrykit.spring.metrics;
