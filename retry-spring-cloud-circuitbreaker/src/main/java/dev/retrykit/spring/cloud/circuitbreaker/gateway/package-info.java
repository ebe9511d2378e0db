/**
 * Spring Cloud Gateway's {@code CircuitBreaker} route filter on retrykit: registered when the gateway (WebFlux) is on
 * the classpath, it retries upstream requests under the route's retrykit service and resets the exchange between
 * attempts.
 */
package dev.retrykit.spring.cloud.circuitbreaker.gateway;
