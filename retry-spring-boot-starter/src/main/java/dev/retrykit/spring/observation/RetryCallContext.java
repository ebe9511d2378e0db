package dev.retrykit.spring.observation;

import dev.retrykit.core.Outcome;
import io.micrometer.observation.Observation;

/**
 * What a {@code retry.call} observation knows: the service, and once the call ended its outcome and attempts. Written
 * by the call path before the observation stops.
 */
public class RetryCallContext extends Observation.Context {

    private final String service;
    private volatile Outcome outcome;
    private volatile int attempts;

    /** A context for a call of {@code service}. */
    public RetryCallContext(String service) {
        this.service = service;
    }

    /** The guarded service's name. */
    public String getService() {
        return service;
    }

    /** The call's outcome, {@code null} before it ended (or when it ended without one). */
    public Outcome getOutcome() {
        return outcome;
    }

    /** Attempts that started. */
    public int getAttempts() {
        return attempts;
    }

    void ended(Outcome ended, int attemptCount) {
        this.outcome = ended;
        this.attempts = attemptCount;
    }
}
