package dev.retrykit.core;

import java.time.Duration;

/**
 * One attempt overran {@code timeout.per-attempt}. Always retryable. The thread running the attempt was
 * interrupted (an asynchronous attempt was cancelled).
 */
public class AttemptTimeoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String service;

    /** Creates the timeout for {@code service} after {@code limit}. */
    public AttemptTimeoutException(String service, Duration limit) {
        super("Attempt of service '" + service + "' timed out after " + limit);
        this.service = service;
    }

    /** The service whose attempt timed out. */
    public String service() {
        return service;
    }
}
