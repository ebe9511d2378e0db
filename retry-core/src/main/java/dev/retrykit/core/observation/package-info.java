/**
 * The tracing SPI of guarded calls, free of any dependency: a {@link dev.retrykit.core.observation.CallObserver}
 * registered with {@link dev.retrykit.core.ServiceRegistry.Builder#callObserver} sees each call as one
 * {@link dev.retrykit.core.observation.ObservedCall} and each of its attempts as one
 * {@link dev.retrykit.core.observation.ObservedAttempt}, whose scope is opened on the thread that runs the attempt's
 * body, so that what the body observes itself (an HTTP client request, a database query) becomes the attempt's child.
 * The Spring starter adapts it to Micrometer's Observation API ({@code retry.call}, {@code retry.attempt}). Without an
 * observer, or when the observer declines a call, the call path allocates nothing for it.
 */
package dev.retrykit.core.observation;
