/**
 * retrykit as a Spring Cloud CircuitBreaker implementation: {@link
 * dev.retrykit.spring.cloud.circuitbreaker.RetrykitCircuitBreakerFactory} (blocking) and {@link
 * dev.retrykit.spring.cloud.circuitbreaker.ReactiveRetrykitCircuitBreakerFactory} (Reactor) turn a circuit-breaker id
 * into the retrykit service of that name, so its {@code retry.services} entry or template, budgets, metrics,
 * {@code /actuator/retry} and dashboard apply; group ids that name a template pick the template of unconfigured
 * services, and {@code Customizer} beans configure ids the Spring Cloud way.
 */
package dev.retrykit.spring.cloud.circuitbreaker;
