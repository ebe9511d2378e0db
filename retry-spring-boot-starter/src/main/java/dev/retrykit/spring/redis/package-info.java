/**
 * Redis implementations of retrykit's stores, on Spring Data Redis: {@link dev.retrykit.spring.redis.RedisSharedStateStore}
 * shares circuit breaker trips and retry budget counters between instances (synchronised in the background, never
 * on a call's path), {@link dev.retrykit.spring.redis.RedisIdempotencyStore} claims idempotency keys in one round trip
 * and falls back to memory while Redis is unreachable, and {@link dev.retrykit.spring.redis.RedisStoreStatus} reports
 * both to the actuator endpoint. Every key lives under {@code <retry.store.redis.key-prefix>:}.
 */
package dev.retrykit.spring.redis;
