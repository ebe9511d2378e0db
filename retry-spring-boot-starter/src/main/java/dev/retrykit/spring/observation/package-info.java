/**
 * Tracing of guarded calls with Micrometer's Observation API: {@link dev.retrykit.spring.observation.ObservationCallObserver}
 * adapts retry-core's {@link dev.retrykit.core.observation.CallObserver} SPI, so every call is a {@code retry.call}
 * observation and every attempt a child {@code retry.attempt} observation, current on the thread that runs the
 * attempt's body; {@link dev.retrykit.spring.observation.ContextSnapshotAttemptDecorator} carries the caller's
 * thread-local context (observation, MDC, idempotency key, ...) into attempts on worker threads with Micrometer
 * context-propagation; {@link dev.retrykit.spring.observation.ResendCountObservationFilter} marks HTTP client requests
 * sent by a retry with OpenTelemetry's {@code http.request.resend_count}.
 */
package dev.retrykit.spring.observation;
