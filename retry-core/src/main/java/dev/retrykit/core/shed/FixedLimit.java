package dev.retrykit.core.shed;

/**
 * A limit that never adapts; for services whose capacity is known, and for tests.
 *
 * <p>Immutable and thread-safe.
 */
public final class FixedLimit implements ConcurrencyLimit {

    private final int limit;

    /**
     * Creates the limit.
     *
     * @param limit calls allowed in flight; at least 1
     */
    public FixedLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        this.limit = limit;
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public void onSample(long rttNanos, int inFlight, boolean dropped) {
        // fixed: nothing to learn
    }
}
