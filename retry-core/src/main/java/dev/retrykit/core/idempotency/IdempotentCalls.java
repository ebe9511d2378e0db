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
        CompletionStage<T> stage;
        try {
            stage = IdempotencyKeys.supplyWith(key, call);
        } catch (RuntimeException | Error failure) {
            store.release(hash);
            return CompletableFuture.failedFuture(failure);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        stage.whenComplete((value, error) -> {
            if (error != null) {
                store.release(hash);
                result.completeExceptionally(Throwables.unwrapFuture(error));
            } else {
                if (succeeded.getAsBoolean()) {
                    store.complete(hash, value, ttl);
                } else {
                    store.release(hash);
                }
                result.complete(value);
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
            store.release(hash);
            throw Throwables.rethrow(failure);
        } finally {
            IdempotencyKeys.exit(previous);
        }
        if (succeeded.getAsBoolean()) {
            store.complete(hash, result, ttl);
        } else {
            store.release(hash);
        }
        return result;
    }
}
