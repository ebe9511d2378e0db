/**
 * retrykit for Spring's HTTP clients: {@link dev.retrykit.spring.web.HttpStatusClassifierProvider} classifies
 * {@code RestClient} and {@code WebClient} failures by status code, {@code Retry-After} and connection errors, and
 * {@link dev.retrykit.spring.web.IdempotencyKeyInterceptor} / {@link dev.retrykit.spring.web.IdempotencyKeyExchangeFilter}
 * send the key of a keyed call as the {@code Idempotency-Key} header. WebFlux is optional: its types are touched
 * only when it is on the classpath.
 */
package dev.retrykit.spring.web;
