package dev.retrykit.core;

/**
 * Produces the value of a call that failed for good. Rethrowing {@code failure} itself means "no fallback value":
 * the call then ends with its original outcome.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface FallbackFunction<T> {

    /** The replacement value for a call that ended with {@code failure} (possibly a {@link CallRejectedException}). */
    T apply(Throwable failure) throws Throwable;
}
