package dev.retrykit.spring.web;

import dev.retrykit.core.classify.Classification;
import dev.retrykit.core.classify.ErrorClassifier;
import dev.retrykit.core.classify.RetryAfter;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Set;

/**
 * The HTTP classifier of one service policy. Walks the cause chain and decides at the first HTTP failure it meets:
 * <ul>
 *   <li>an error response whose status is retryable: retryable, carrying the server's {@code Retry-After};</li>
 *   <li>any other 4xx: the caller's fault (not retried, not counted by the circuit breaker);</li>
 *   <li>any other status: not retryable;</li>
 *   <li>no response at all (connection refused or reset, read or connect timeout): retryable.</li>
 * </ul>
 * It has no opinion on anything else, and none on a non-retryable status whose exception type the policy lists
 * among its retryable exceptions (the user asked for it: the exception lists decide). Immutable and thread-safe;
 * it runs only on the failure path.
 */
final class HttpStatusClassifier implements ErrorClassifier {

    private static final int MAX_CAUSE_DEPTH = 32;

    private final HttpFailureReader[] readers;
    private final Set<Integer> retryableStatusCodes;
    private final Class<?>[] retryableExceptions;

    HttpStatusClassifier(HttpFailureReader[] readers, Set<Integer> retryableStatusCodes,
                         List<Class<? extends Throwable>> retryableExceptions) {
        this.readers = readers;
        this.retryableStatusCodes = Set.copyOf(retryableStatusCodes);
        this.retryableExceptions = retryableExceptions.toArray(new Class<?>[0]);
    }

    @Override
    public Classification classify(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < MAX_CAUSE_DEPTH; t = t.getCause(), depth++) {
            for (HttpFailureReader reader : readers) {
                int status = reader.statusCode(t);
                if (status != HttpFailureReader.NOT_A_RESPONSE) {
                    return classifyResponse(t, status, reader);
                }
                if (reader.isRequestFailure(t)) {
                    return Classification.RETRYABLE;
                }
            }
            if (t instanceof ConnectException || t instanceof SocketTimeoutException || t instanceof HttpTimeoutException) {
                return Classification.RETRYABLE;
            }
        }
        return null;
    }

    private Classification classifyResponse(Throwable response, int status, HttpFailureReader reader) {
        if (retryableStatusCodes.contains(status)) {
            return Classification.retryableAfter(RetryAfter.parse(reader.retryAfter(response)));
        }
        if (listedAsRetryable(response)) {
            return null;
        }
        return status >= 400 && status < 500 ? Classification.CALLER_FAULT : Classification.NON_RETRYABLE;
    }

    private boolean listedAsRetryable(Throwable response) {
        for (Class<?> type : retryableExceptions) {
            if (type.isInstance(response)) {
                return true;
            }
        }
        return false;
    }
}
