package dev.retrykit.core;

/** No attempt could start before the call's deadline, for example while waiting for a bulkhead permit. */
public class DeadlineExceededException extends CallRejectedException {

    private static final long serialVersionUID = 1L;

    /** Creates the rejection for {@code service}. */
    public DeadlineExceededException(String service, String message) {
        super(service, message);
    }
}
