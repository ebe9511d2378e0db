package dev.retrykit.spring.web;

/**
 * Reads the failures of one HTTP client library: the status and {@code Retry-After} of an error response, and
 * whether a failure means the request never got a response (connection refused or reset, timeout). One
 * implementation per library keeps optional libraries' types out of classes that are always loaded.
 *
 * <p>Implementations are stateless and thread-safe.
 */
interface HttpFailureReader {

    /** Returned by {@link #statusCode(Throwable)} for a throwable that is not an error response of this library. */
    int NOT_A_RESPONSE = -1;

    /** The HTTP status of {@code failure} when it is an error response of this library, else {@link #NOT_A_RESPONSE}. */
    int statusCode(Throwable failure);

    /** The raw {@code Retry-After} header of an error response (one with a status code), or {@code null}. */
    String retryAfter(Throwable failure);

    /** Whether {@code failure} is this library's report of a request that got no response (I/O error, timeout). */
    boolean isRequestFailure(Throwable failure);
}
