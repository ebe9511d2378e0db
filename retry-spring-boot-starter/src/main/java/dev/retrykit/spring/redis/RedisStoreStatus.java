package dev.retrykit.spring.redis;

import dev.retrykit.core.idempotency.IdempotencyStore;
import dev.retrykit.core.store.SharedStateStore;
import dev.retrykit.spring.actuate.RetryStoreStatus;
import java.util.Objects;

/**
 * {@link RetryStoreStatus} of the Redis store: reachable when both the shared breaker and budget state (probed by
 * the synchronizer every sync interval) and the idempotency store can reach Redis. Thread-safe.
 */
public final class RedisStoreStatus implements RetryStoreStatus {

    private final SharedStateStore sharedState;
    private final IdempotencyStore idempotency;

    /**
     * @param sharedState the store of breaker and budget state
     * @param idempotency the store of idempotency keys
     */
    public RedisStoreStatus(SharedStateStore sharedState, IdempotencyStore idempotency) {
        this.sharedState = Objects.requireNonNull(sharedState, "sharedState");
        this.idempotency = Objects.requireNonNull(idempotency, "idempotency");
    }

    @Override
    public String type() {
        return "redis";
    }

    @Override
    public boolean reachable() {
        return sharedState.isReachable() && idempotency.isReachable();
    }
}
