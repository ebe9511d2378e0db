package dev.retrykit.core.bulkhead;

/** STUB: replaced by the protection work. */
public final class Bulkhead {

    public Bulkhead(BulkheadConfig config) {
    }

    /** Non-blocking acquire. */
    public boolean tryAcquire() {
        return true;
    }

    /** Waits at most maxWaitNanos for a permit. */
    public boolean tryAcquire(long maxWaitNanos) throws InterruptedException {
        return true;
    }

    public void release() {
    }

    public int availableCalls() {
        return 0;
    }

    public BulkheadConfig config() {
        return BulkheadConfig.DEFAULT;
    }

    public void reconfigure(BulkheadConfig config) {
    }
}
