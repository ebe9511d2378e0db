/**
 * Idempotency keys: {@link dev.retrykit.core.idempotency.IdempotentCalls} makes a call at-most-once per key over an
 * {@link dev.retrykit.core.idempotency.IdempotencyStore} (in memory here, Redis in the starter); keys are hashed
 * before they are stored or logged; {@link dev.retrykit.core.idempotency.KeyedAttempts} keeps a failed call's key
 * claimed until every attempt body it started has returned; and the current key is available to HTTP integrations
 * through {@link dev.retrykit.core.idempotency.IdempotencyKeys#current()}.
 */
package dev.retrykit.core.idempotency;
