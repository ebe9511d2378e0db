/**
 * Reactor support: {@link dev.retrykit.spring.reactive.ReactorRetry} retries a {@code Mono} or {@code Flux} with
 * Reactor's own operators on the core's step-by-step call, and {@link dev.retrykit.spring.reactive.ReactiveRetryOperations}
 * is the programmatic API ({@code guard(service, mono, fallback)}). Loaded only when Reactor is on the classpath.
 */
package dev.retrykit.spring.reactive;
