/**
 * Events of guarded calls: the {@link dev.retrykit.core.event.RetryEventListener} SPI (primitive arguments, empty
 * defaults, allocation-free on the success path) for metrics and logging, and the bounded
 * {@link dev.retrykit.core.event.RecentEvents} ring of failure-path {@link dev.retrykit.core.event.RetryEvent}s
 * that the actuator endpoint shows newest first.
 */
package dev.retrykit.core.event;
