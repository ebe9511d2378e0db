package dev.retrykit.core;

/**
 * Base class of every rejection: the call was refused before the method ran, so the method was never invoked.
 *
 * <p>Carries the service name. Stack traces are not filled in: a rejection is an expected, frequent event
 * during an outage and must stay cheap.
 */
public class CallRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String service;

    /** Creates a rejection for {@code service} with a message saying why. */
    public CallRejectedException(String service, String message) {
        super(message, null, false, false);
        this.service = service;
    }

    /** The name of the service that refused the call. */
    public String service() {
        return service;
    }
}
