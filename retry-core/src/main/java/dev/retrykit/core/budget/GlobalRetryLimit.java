package dev.retrykit.core.budget;

/** STUB: replaced by the protection work. Retries (not first attempts) in flight across all services. */
public final class GlobalRetryLimit {

    public GlobalRetryLimit(int maxConcurrentRetries) {
    }

    public boolean tryAcquire() {
        return true;
    }

    public void release() {
    }

    public int inFlight() {
        return 0;
    }

    public int maxConcurrentRetries() {
        return 0;
    }

    public void setMaxConcurrentRetries(int max) {
    }
}
