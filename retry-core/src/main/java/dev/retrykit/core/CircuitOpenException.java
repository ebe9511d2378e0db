package dev.retrykit.core;

/** The service's circuit breaker is open (or forced open) and refused the call. */
public class CircuitOpenException extends CallRejectedException {

    private static final long serialVersionUID = 1L;

    /** Creates the rejection for {@code service}. */
    public CircuitOpenException(String service, String message) {
        super(service, message);
    }
}
