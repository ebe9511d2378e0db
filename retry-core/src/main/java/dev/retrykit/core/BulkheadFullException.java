package dev.retrykit.core;

/** The service's bulkhead had no free permit within its maximum wait. */
public class BulkheadFullException extends CallRejectedException {

    private static final long serialVersionUID = 1L;

    /** Creates the rejection for {@code service}. */
    public BulkheadFullException(String service, String message) {
        super(service, message);
    }
}
