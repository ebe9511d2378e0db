package dev.retrykit.spring.observation;

import io.micrometer.observation.Observation;

/**
 * What a {@code retry.attempt} observation knows: the service, the attempt's number and, once it ended, whether its
 * value ended the retries (its failure is the context's {@link #getError() error}).
 */
public class RetryAttemptContext extends Observation.Context {

    private final String service;
    private final int attempt;
    private volatile boolean ended;
    private volatile boolean succeeded;

    /** A context for attempt {@code attempt} (1 = first) of a call of {@code service}. */
    public RetryAttemptContext(String service, int attempt) {
        this.service = service;
        this.attempt = attempt;
    }

    /** The guarded service's name. */
    public String getService() {
        return service;
    }

    /** The attempt's number, 1 for the first. */
    public int getAttempt() {
        return attempt;
    }

    /** Whether the attempt's value ended the retries; false while it runs and when it failed. */
    public boolean isSucceeded() {
        return succeeded;
    }

    /** Whether the attempt ended (as the call saw it: an attempt abandoned by its timeout has ended). */
    public boolean isEnded() {
        return ended;
    }

    void ended(boolean success) {
        this.succeeded = success;
        this.ended = true;
    }
}
