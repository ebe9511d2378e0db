/**
 * Auto-configuration of retrykit's Spring Cloud CircuitBreaker factories (after retrykit's starter) and of Spring
 * Cloud Gateway's {@code CircuitBreaker} filter on them.
 */
package dev.retrykit.spring.cloud.circuitbreaker.autoconfigure;
