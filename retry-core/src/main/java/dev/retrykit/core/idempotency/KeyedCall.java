package dev.retrykit.core.idempotency;

/**
 * A blocking keyed call that hands its operation to a guarded service through
 * {@link KeyedAttempts#holdingKey(dev.retrykit.core.CheckedSupplier)}, so that every attempt body it starts keeps the
 * key claimed until that body has returned. See {@link IdempotentCalls#execute(String, String, KeyedCall,
 * java.util.function.BooleanSupplier)}.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface KeyedCall<T> {

    /**
     * Runs the call once; failures are rethrown unchanged by {@link IdempotentCalls}.
     *
     * @param attempts this call's attempt bodies in flight, never {@code null}
     */
    T run(KeyedAttempts attempts) throws Throwable;
}
