package dev.retrykit.core.idempotency;

import dev.retrykit.core.CheckedSupplier;
import dev.retrykit.core.internal.Throwables;
import dev.retrykit.core.time.Clock;
import dev.retrykit.core.time.Scheduler;
import dev.retrykit.core.time.Sleeper;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Makes a whole call at-most-once per idempotency key: a key that already succeeded returns the stored result
 * without running again; a concurrent duplicate waits up to {@code inFlightWait} for the first and then gets its
 * result, or is rejected with {@link DuplicateCallException}; a failed call releases the key. Keys are hashed
 * with the service name before they reach the store. Thread-safe.
 *
 * <p>A call that hands its operation to a guarded service should take the {@link KeyedCall} forms: the operation
 * wrapped by {@link KeyedAttempts} keeps the key claimed while any attempt body of a failed call still runs (an
 * attempt abandoned by a timeout, a losing hedge), so a key never runs twice at once.
 *
 * <p>An in-flight claim is a lease ({@code lease}, 30 s by default): the owner renews it every third of a lease
 * while the key is claimed (until the call's result is stored or its key released), so a key whose owner died
 * (a killed process, a lost store write) is free again after one lease, not after the result {@code ttl}.
 */
public final class IdempotentCalls {

    private static final long POLL_NANOS = 10_000_000L;
    /** The in-flight lease of calls built without one. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(IdempotentCalls.class.getName());

    private final IdempotencyStore store;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration ttl;
    private final Duration inFlightWait;
    private final Duration lease;
    private final Scheduler renewals;

    /**
     * Calls with the {@linkplain #DEFAULT_LEASE default lease}, renewed on one daemon timer thread shared by the JVM.
     *
     * @param store        where keys and results live
     * @param ttl          how long a completed key is remembered
     * @param inFlightWait how long a duplicate waits for the first call before it is rejected
     */
    public IdempotentCalls(IdempotencyStore store, Clock clock, Sleeper sleeper, Duration ttl, Duration inFlightWait) {
        this(store, clock, sleeper, ttl, inFlightWait, DEFAULT_LEASE, LeaseRenewal.sharedTimer());
    }

    /**
     * Calls whose leases are renewed on one daemon timer thread shared by the JVM.
     *
     * @param store        where keys and results live
     * @param ttl          how long a completed key is remembered
     * @param inFlightWait how long a duplicate waits for the first call before it is rejected
     * @param lease        how long an in-flight claim holds without renewal; positive
     * @throws IllegalArgumentException when {@code lease} is not positive
     */
    public IdempotentCalls(IdempotencyStore store, Clock clock, Sleeper sleeper, Duration ttl, Duration inFlightWait,
                           Duration lease) {
        this(store, clock, sleeper, ttl, inFlightWait, lease, LeaseRenewal.sharedTimer());
    }

    /**
     * @param store        where keys and results live
     * @param ttl          how long a completed key is remembered
     * @param inFlightWait how long a duplicate waits for the first call before it is rejected
     * @param lease        how long an in-flight claim holds without renewal; positive
     * @param renewals     runs the owner's lease renewals (every third of {@code lease}); they are short store calls
     * @throws IllegalArgumentException when {@code lease} is not positive
     */
    public IdempotentCalls(IdempotencyStore store, Clock clock, Sleeper sleeper, Duration ttl, Duration inFlightWait,
                           Duration lease, Scheduler renewals) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = clock;
        this.sleeper = sleeper;
        this.ttl = ttl;
        this.inFlightWait = inFlightWait;
        if (lease == null || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("the in-flight lease must be a positive duration, was " + lease);
        }
        this.lease = lease;
        this.renewals = Objects.requireNonNull(renewals, "renewals");
    }

    /** How long an in-flight claim holds without renewal. */
    public Duration lease() {
        return lease;
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
     * Like {@link #execute(String, String, CheckedSupplier)}, with the call's declared result type: a store that keeps
     * results outside the JVM reads a stored result back as {@code resultType}, generics included (the untyped forms
     * read it back as {@code Object}: JSON maps, lists and scalars for such a store).
     */
    public <T> T execute(String service, String key, Type resultType, CheckedSupplier<T> call) {
        return execute(service, key, resultType, attempts -> call.get(), () -> true);
    }

    /**
     * Like {@link #execute(String, String, CheckedSupplier)}, but a call that returns while {@code succeeded} says
     * false (its value came from a fallback or a stale cache, not from the operation) releases the key instead of
     * storing the value: a degraded answer must not stand in for the real effect. {@code call} itself is the only
     * body that holds the key; see {@link #execute(String, String, KeyedCall, BooleanSupplier)} for calls whose
     * attempts may outlive them.
     */
    public <T> T execute(String service, String key, CheckedSupplier<T> call, BooleanSupplier succeeded) {
        return execute(service, key, attempts -> call.get(), succeeded);
    }

    /**
     * Runs {@code call} at most once for {@code key} of {@code service}, like
     * {@link #execute(String, String, CheckedSupplier, BooleanSupplier)}; the key of a call that fails (or is
     * degraded) is released only once every body started through the call's {@link KeyedAttempts} has returned.
     * Failures are rethrown unchanged.
     *
     * @param call      runs the call, wrapping the operation it hands to a guarded service with
     *                  {@link KeyedAttempts#holdingKey}
     * @param succeeded read after {@code call} returned: whether its value is the operation's own
     * @throws DuplicateCallException when a call with the same key was still in flight after {@code inFlightWait}
     */
    public <T> T execute(String service, String key, KeyedCall<T> call, BooleanSupplier succeeded) {
        return execute(service, key, Object.class, call, succeeded);
    }

    /**
     * Like {@link #execute(String, String, KeyedCall, BooleanSupplier)}, with the call's declared result type: a
     * store that keeps results outside the JVM reads a stored result back as {@code resultType}, generics included.
     *
     * @param resultType the declared (generic) type of the call's result, {@code Object.class} when unknown
     */
    @SuppressWarnings("unchecked")
    public <T> T execute(String service, String key, Type resultType, KeyedCall<T> call, BooleanSupplier succeeded) {
        String hash = IdempotencyKeys.hash(service, key);
        long waitEnd = clock.nanoTime() + inFlightWait.toNanos();
        while (true) {
            Claim claim = store.claim(hash, lease, resultType);
            switch (claim.state()) {
                case COMPLETED:
                    return (T) claim.result();
                case ACQUIRED:
                    return runOwned(service, hash, key, call, succeeded);
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
     * The asynchronous form of {@link #execute(String, String, CheckedSupplier, BooleanSupplier)}: the key is claimed
     * synchronously (one store round trip); a key that already succeeded completes with the stored result; a
     * duplicate of a call in flight completes at once with {@link DuplicateCallException} (an asynchronous caller is
     * not parked); the key is stored when the stage succeeds with the operation's own value, released otherwise. The
     * key is current while {@code call} starts the operation. {@code call} is the only body that holds the key; see
     * {@link #executeAsync(String, String, Function, BooleanSupplier)} for calls whose attempts may outlive them.
     */
    public <T> CompletableFuture<T> executeAsync(String service, String key, Supplier<? extends CompletionStage<T>> call,
                                                 BooleanSupplier succeeded) {
        return executeAsync(service, key, attempts -> call.get(), succeeded);
    }

    /**
     * The asynchronous form of {@link #execute(String, String, KeyedCall, BooleanSupplier)}, with the claim and
     * duplicate rules of {@link #executeAsync(String, String, Supplier, BooleanSupplier)}: the key of a call whose
     * stage fails (or is degraded, or cancelled) is released only once every attempt started through the call's
     * {@link KeyedAttempts#holdingKeyAsync} has completed its stage. Cancelling the returned future cancels the
     * stage {@code call} returned.
     *
     * @param call      starts the call, wrapping the operation it hands to a guarded service with
     *                  {@link KeyedAttempts#holdingKeyAsync}
     * @param succeeded read after the stage succeeded: whether its value is the operation's own
     */
    public <T> CompletableFuture<T> executeAsync(String service, String key,
                                                 Function<KeyedAttempts, ? extends CompletionStage<T>> call,
                                                 BooleanSupplier succeeded) {
        return executeAsync(service, key, Object.class, call, succeeded);
    }

    /**
     * Like {@link #executeAsync(String, String, Function, BooleanSupplier)}, with the declared type of the stage's
     * value: a store that keeps results outside the JVM reads a stored result back as {@code resultType}.
     *
     * @param resultType the declared (generic) type of the stage's value, {@code Object.class} when unknown
     */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> executeAsync(String service, String key, Type resultType,
                                                 Function<KeyedAttempts, ? extends CompletionStage<T>> call,
                                                 BooleanSupplier succeeded) {
        String hash = IdempotencyKeys.hash(service, key);
        Claim claim;
        try {
            claim = store.claim(hash, lease, resultType);
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
        KeyedAttempts attempts = owned(service, hash);
        CompletableFuture<T> inner;
        try {
            CompletionStage<T> stage = IdempotencyKeys.supplyWith(key, () -> call.apply(attempts));
            inner = Objects.requireNonNull(stage, "the keyed call returned no stage").toCompletableFuture();
        } catch (RuntimeException | Error failure) {
            attempts.callFailed();
            return CompletableFuture.failedFuture(failure);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        inner.whenComplete((value, error) -> {
            try {
                if (error != null) {
                    attempts.callFailed();
                } else {
                    settle(hash, value, succeeded, attempts);
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

    private <T> T runOwned(String service, String hash, String key, KeyedCall<T> call, BooleanSupplier succeeded) {
        KeyedAttempts attempts = owned(service, hash);
        String previous = IdempotencyKeys.enter(key);
        T result;
        try {
            result = call.run(attempts);
        } catch (Throwable failure) {
            attempts.callFailed();
            throw Throwables.rethrow(failure);
        } finally {
            IdempotencyKeys.exit(previous);
        }
        settle(hash, result, succeeded, attempts);
        return result;
    }

    /**
     * Stores the operation's own result for the key, or releases the key for a degraded answer (once the call's
     * bodies have returned). A store that fails here must not turn a call whose effect happened into a failure: the
     * key then expires with its lease (no longer renewed).
     */
    private <T> void settle(String hash, T result, BooleanSupplier succeeded, KeyedAttempts attempts) {
        try {
            if (succeeded.getAsBoolean()) {
                attempts.callSucceeded();
                store.complete(hash, result, ttl);
            } else {
                attempts.callFailed();
            }
        } catch (RuntimeException storeFailure) {
            attempts.callSucceeded();
            LOG.log(System.Logger.Level.WARNING, "idempotency store could not settle a key; it expires with its in-flight lease", storeFailure);
        }
    }

    /** The attempts of a call that now owns {@code hash}; its lease is renewed until the key is stored or released. */
    private KeyedAttempts owned(String service, String hash) {
        return new KeyedAttempts(this, service, hash, LeaseRenewal.start(store, hash, lease, renewals));
    }

    /** Frees {@code hash}; a store failure is logged and the key expires with its claim. */
    void releaseQuietly(String hash) {
        try {
            store.release(hash);
        } catch (RuntimeException storeFailure) {
            LOG.log(System.Logger.Level.WARNING, "idempotency store could not release a key; it expires with its in-flight lease", storeFailure);
        }
    }
}
