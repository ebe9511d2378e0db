package dev.retrykit.core.idempotency;

import dev.retrykit.core.CheckedSupplier;
import dev.retrykit.core.internal.Throwables;
import dev.retrykit.core.time.Clock;
import dev.retrykit.core.time.Sleeper;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Makes a whole call at-most-once per idempotency key: a key that already succeeded returns the stored result
 * without running again; a concurrent duplicate waits up to {@code inFlightWait} for the first and then gets its
 * result, or is rejected with {@link DuplicateCallException}; a failed call releases the key. Keys are hashed
 * with the service name before they reach the store. Thread-safe.
 */
public final class IdempotentCalls {

    private static final long POLL_NANOS = 10_000_000L;
    private static final System.Logger LOG = System.getLogger(IdempotentCalls.class.getName());

    private final IdempotencyStore store;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration ttl;
    private final Duration inFlightWait;

    /**
     * @param store        where keys and results live
     * @param ttl          how long a completed key is remembered (also the claim's crash-safety expiry)
     * @param inFlightWait how long a duplicate waits for the first call before it is rejected
     */
    public IdempotentCalls(IdempotencyStore store, Clock clock, Sleeper sleeper, Duration ttl, Duration inFlightWait) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = clock;
        this.sleeper = sleeper;
        this.ttl = ttl;
        this.inFlightWait = inFlightWait;
    }

    /** The store in use. */
    public IdempotencyStore store() {
        return store;
    }

    /**
     * Runs {@code call} at most once for {@code key} of {@code service}; the key is {@link IdempotencyKeys#current()}
     * while it runs. Failures are rethrown unchanged.
     */
    public <T> T execute(String service, String key, CheckedSupplier<T> call) {
        return execute(service, key, call, () -> true);
    }

    /**
     * Like {@link #execute(String, String, CheckedSupplier)}, but a call that returns while {@code succeeded} says
     * false (its value came from a fallback or a stale cache, not from the operation) releases the key instead of
     * storing the value: a degraded answer must not stand in for the real effect.
     */
    @SuppressWarnings("unchecked")
    public <T> T execute(String service, String key, CheckedSupplier<T> call, java.util.function.BooleanSupplier succeeded) {
        String hash = IdempotencyKeys.hash(service, key);
        long waitEnd = clock.nanoTime() + inFlightWait.toNanos();
        while (true) {
            Claim claim = store.claim(hash, ttl);
            switch (claim.state()) {
                case COMPLETED:
                    return (T) claim.result();
                case ACQUIRED:
                    return runOwned(hash, key, call, succeeded);
                default:
                    if (clock.nanoTime() - waitEnd >= 0) {
                        throw new DuplicateCallException(service, "a call of service '" + service
                                + "' with the same idempotency key (" + hash.substring(0, 12) + "...) is in flight");
                    }
                    try {
                        sleeper.sleep(POLL_NANOS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new DuplicateCallException(service, "interrupted while waiting for a duplicate call of service '"
                                + service + "'");
                    }
            }
        }
    }

    /**
     * The asynchronous form of {@link #execute(String, String, CheckedSupplier, java.util.function.BooleanSupplier)}:
     * the key is claimed synchronously (one store round trip); a key that already succeeded completes with the
     * stored result; a duplicate of a call in flight completes at once with {@link DuplicateCallException} (an
     * asynchronous caller is not parked); the key is stored when the stage succeeds with the operation's own value,
     * released otherwise. The key is current while {@code call} starts the operation.
     */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> executeAsync(String service, String key, Supplier<? extends CompletionStage<T>> call,
                                                 java.util.function.BooleanSupplier succeeded) {
        String hash = IdempotencyKeys.hash(service, key);
        Claim claim;
        try {
            claim = store.claim(hash, ttl);
        } catch (RuntimeException storeFailure) {
            return CompletableFuture.failedFuture(storeFailure);
        }
        if (claim.state() == Claim.State.COMPLETED) {
            return CompletableFuture.completedFuture((T) claim.result());
        }
        if (claim.state() == Claim.State.IN_FLIGHT) {
            return CompletableFuture.failedFuture(new DuplicateCallException(service, "a call of service '" + service
                    + "' with the same idempotency key (" + hash.substring(0, 12) + "...) is in flight"));
        }
        CompletableFuture<T> inner;
        try {
            CompletionStage<T> stage = IdempotencyKeys.supplyWith(key, call);
            inner = Objects.requireNonNull(stage, "the keyed call returned no stage").toCompletableFuture();
        } catch (RuntimeException | Error failure) {
            releaseQuietly(hash);
            return CompletableFuture.failedFuture(failure);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        inner.whenComplete((value, error) -> {
            try {
                if (error != null) {
                    releaseQuietly(hash);
                } else {
                    settle(hash, value, succeeded);
                }
            } finally {
                if (error != null) {
                    result.completeExceptionally(Throwables.unwrapFuture(error));
                } else {
                    result.complete(value);
                }
            }
        });
        // cancelling the caller's future stops the guarded call underneath (and so its retries)
        result.whenComplete((value, error) -> {
            if (result.isCancelled()) {
                inner.cancel(true);
            }
        });
        return result;
    }

    private <T> T runOwned(String hash, String key, CheckedSupplier<T> call, java.util.function.BooleanSupplier succeeded) {
        String previous = IdempotencyKeys.enter(key);
        T result;
        try {
            result = call.get();
        } catch (Throwable failure) {
            releaseQuietly(hash);
            throw Throwables.rethrow(failure);
        } finally {
            IdempotencyKeys.exit(previous);
        }
        settle(hash, result, succeeded);
        return result;
    }

    /**
     * Stores the operation's own result for the key, or releases the key for a degraded answer. A store that fails
     * here must not turn a call whose effect happened into a failure: the key then expires with its claim.
     */
    private <T> void settle(String hash, T result, java.util.function.BooleanSupplier succeeded) {
        try {
            if (succeeded.getAsBoolean()) {
                store.complete(hash, result, ttl);
            } else {
                store.release(hash);
            }
        } catch (RuntimeException storeFailure) {
            LOG.log(System.Logger.Level.WARNING, "idempotency store could not settle a key; it expires with its claim", storeFailure);
        }
    }

    private void releaseQuietly(String hash) {
        try {
            store.release(hash);
        } catch (RuntimeException storeFailure) {
            LOG.log(System.Logger.Level.WARNING, "idempotency store could not release a key; it expires with its claim", storeFailure);
        }
    }
}
