package dev.retrykit.core;

/**
 * One attempt of a guarded call that takes an argument: {@link GuardedService#call(CheckedFunction, Object,
 * CallOptions)} passes the same argument to every attempt, so a caller can hand a non-capturing function and its
 * argument instead of allocating a capturing lambda per call. May throw anything: retrykit rethrows the original
 * exception unchanged, checked ones included, without wrapping.
 *
 * @param <A> the argument type
 * @param <T> the result type
 */
@FunctionalInterface
public interface CheckedFunction<A, T> {

    /** Runs the attempt with {@code argument}. */
    T apply(A argument) throws Throwable;
}
