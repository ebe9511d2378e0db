/**
 * Sharing a fleet's protection state: the {@link dev.retrykit.core.store.SharedStateStore} SPI (circuit breaker
 * trips and retry budget counters kept where every instance can reach them), its in-memory implementation for a
 * single process and for tests, and the {@link dev.retrykit.core.store.StateSynchronizer}, which exchanges local and
 * shared state in the background every sync interval so that no guarded call ever waits for the store, and which
 * keeps every call working on local state while the store is unreachable.
 */
package dev.retrykit.core.store;
