package dev.retrykit.core.idempotency;

import java.lang.reflect.Type;
import java.time.Duration;

/**
 * Store SPI of idempotency keys. Keys arrive already hashed; values are the results of completed calls. The
 * in-memory store serves one instance; the Spring starter adds a Redis store that claims a key in one round trip.
 *
 * <p>Implementations must be thread-safe and atomic per key: of concurrent claims of a free key exactly one wins.
 */
public interface IdempotencyStore {

    /**
     * Claims {@code keyHash} for a new execution. The claim is a lease: it holds for {@code lease} unless its owner
     * {@linkplain #renew renews} it, so a key whose owner died is free again after one lease.
     *
     * @param lease how long the claim holds if its owner neither renews, completes nor releases it (crash safety)
     * @return {@link Claim#acquired()} when the caller now owns the key, the stored result when a call with that key
     *         already succeeded, or {@link Claim#inFlight()} while another call owns it
     */
    Claim claim(String keyHash, Duration lease);

    /**
     * Like {@link #claim(String, Duration)}, with the declared type of the call's result: a store that keeps results
     * outside the JVM reads a stored result back as {@code resultType} (generics included) and never as a type
     * named by the stored data. The default ignores it (results kept as objects need no decoding).
     *
     * @param resultType the method's declared (generic) result type; {@code Object.class} when unknown
     */
    default Claim claim(String keyHash, Duration lease, Type resultType) {
        return claim(keyHash, lease);
    }

    /**
     * Extends the owner's in-flight claim of {@code keyHash} to {@code lease} from now; does nothing when the key is
     * no longer in flight (completed, released, or expired and taken over). The owner calls it while its call runs.
     * The default does nothing: a store without renewal holds a claim for one lease only.
     */
    default void renew(String keyHash, Duration lease) {
    }

    /** Stores the result of the owner's successful call for {@code ttl}; duplicates will receive it. */
    void complete(String keyHash, Object result, Duration ttl);

    /** Frees the key after a failed call, so it may be tried again. */
    void release(String keyHash);

    /** Whether the store can be reached now (a remote store may be down; callers then fall back to local state). */
    default boolean isReachable() {
        return true;
    }
}
