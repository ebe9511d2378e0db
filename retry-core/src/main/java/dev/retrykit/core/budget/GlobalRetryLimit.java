package dev.retrykit.core.budget;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the retries (not first attempts) in flight at once across all services, so that many services failing
 * together cannot multiply the load on the application.
 *
 * <p>Thread-safety: lock-free; {@link #tryAcquire()} admits by CAS, so the limit is never exceeded, and
 * {@link #setMaxConcurrentRetries(int)} takes effect for the next acquire (retries already in flight above a lowered
 * limit finish normally).
 */
public final class GlobalRetryLimit {

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile int maxConcurrentRetries;

    /**
     * Creates the limit.
     *
     * @param maxConcurrentRetries retries allowed in flight at once; not negative (0 refuses every retry)
     */
    public GlobalRetryLimit(int maxConcurrentRetries) {
        this.maxConcurrentRetries = requireNotNegative(maxConcurrentRetries);
    }

    /**
     * Takes a slot for one retry; on true the caller must {@link #release()} it when the retry ends.
     *
     * @return false when the limit is reached
     */
    public boolean tryAcquire() {
        while (true) {
            int current = inFlight.get();
            if (current >= maxConcurrentRetries) {
                return false;
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Gives back a slot taken by {@link #tryAcquire()}; a release without a slot taken is ignored. */
    public void release() {
        while (true) {
            int current = inFlight.get();
            if (current <= 0 || inFlight.compareAndSet(current, current - 1)) {
                return;
            }
        }
    }

    /**
     * Retries in flight now.
     *
     * @return the count
     */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * The current limit.
     *
     * @return retries allowed in flight at once
     */
    public int maxConcurrentRetries() {
        return maxConcurrentRetries;
    }

    /**
     * Changes the limit at runtime.
     *
     * @param max retries allowed in flight at once; not negative
     */
    public void setMaxConcurrentRetries(int max) {
        maxConcurrentRetries = requireNotNegative(max);
    }

    private static int requireNotNegative(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("maxConcurrentRetries must not be negative: " + max);
        }
        return max;
    }
}
