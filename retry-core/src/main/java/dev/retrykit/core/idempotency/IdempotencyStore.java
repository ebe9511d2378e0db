package dev.retrykit.core.idempotency;

import java.time.Duration;

/**
 * Store SPI of idempotency keys. Keys arrive already hashed; values are the results of completed calls. The
 * in-memory store serves one instance; the Spring starter adds a Redis store that claims a key in one round trip.
 *
 * <p>Implementations must be thread-safe and atomic per key: of concurrent claims of a free key exactly one wins.
 */
public interface IdempotencyStore {

    /**
     * Claims {@code keyHash} for a new execution.
     *
     * @param inFlightTtl how long the claim holds if its owner never completes or releases it (crash safety)
     * @return {@link Claim#acquired()} when the caller now owns the key, the stored result when a call with that key
     *         already succeeded, or {@link Claim#inFlight()} while another call owns it
     */
    Claim claim(String keyHash, Duration inFlightTtl);

    /** Stores the result of the owner's successful call for {@code ttl}; duplicates will receive it. */
    void complete(String keyHash, Object result, Duration ttl);

    /** Frees the key after a failed call, so it may be tried again. */
    void release(String keyHash);

    /** Whether the store can be reached now (a remote store may be down; callers then fall back to local state). */
    default boolean isReachable() {
        return true;
    }
}
