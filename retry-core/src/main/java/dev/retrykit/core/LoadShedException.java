package dev.retrykit.core;

/** Load shedding dropped the call because the service is over its concurrency limit for the call's priority. */
public class LoadShedException extends CallRejectedException {

    private static final long serialVersionUID = 1L;

    /** Creates the rejection for {@code service}. */
    public LoadShedException(String service, String message) {
        super(service, message);
    }
}
