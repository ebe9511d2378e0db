/**
 * The annotations users put on their methods: {@link dev.retrykit.annotation.Retryable},
 * {@link dev.retrykit.annotation.CircuitGuarded}, {@link dev.retrykit.annotation.Fallback} and the load-shedding
 * {@link dev.retrykit.annotation.Priority}. The Spring Boot starter acts on them; plain Java users can read them
 * to build their own adapters.
 */
package dev.retrykit.annotation;
