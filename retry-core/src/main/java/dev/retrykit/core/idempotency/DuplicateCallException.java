package dev.retrykit.core.idempotency;

import dev.retrykit.core.CallRejectedException;

/** A call with the same idempotency key was still in flight after the wait allowed for it. */
public class DuplicateCallException extends CallRejectedException {

    private static final long serialVersionUID = 1L;

    /** Creates the rejection for {@code service}. */
    public DuplicateCallException(String service, String message) {
        super(service, message);
    }
}
