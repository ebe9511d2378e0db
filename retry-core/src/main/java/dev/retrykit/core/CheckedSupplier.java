package dev.retrykit.core;

/**
 * One attempt of a guarded call. May throw anything: retrykit rethrows the original exception unchanged, checked
 * ones included, without wrapping.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface CheckedSupplier<T> {

    /** Runs the attempt. */
    T get() throws Throwable;
}
