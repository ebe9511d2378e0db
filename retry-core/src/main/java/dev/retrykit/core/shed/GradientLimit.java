package dev.retrykit.core.shed;

/**
 * A latency-gradient limit in the spirit of Netflix's Gradient2: it compares a slow exponential average of the
 * round-trip time (the service's normal latency) with the latest one. While the latest stays within
 * {@code tolerance} of normal the limit grows by a queue allowance; when latency rises the limit shrinks in
 * proportion (by at most half per sample). Changes are smoothed, and a drop counts as a doubled latency. Unlike
 * {@link AimdLimit} it backs off as soon as the service starts to queue, before calls fail.
 *
 * <p>Thread-safety: {@link #onSample(long, int, boolean)} is synchronized; {@link #limit()} is a volatile read.
 */
public final class GradientLimit implements ConcurrencyLimit {

    private final int minLimit;
    private final int maxLimit;
    private final double tolerance;
    private final double smoothing;
    private final int longWindow;

    // guarded by this
    private double estimatedLimit;
    private double longRttNanos;
    private int samples;
    private volatile int limit;

    private GradientLimit(Builder builder) {
        this.minLimit = builder.minLimit;
        this.maxLimit = builder.maxLimit;
        this.tolerance = builder.tolerance;
        this.smoothing = builder.smoothing;
        this.longWindow = builder.longWindow;
        this.estimatedLimit = builder.initialLimit;
        this.limit = builder.initialLimit;
    }

    /**
     * A builder with initial limit 20, bounds [1, 1000], tolerance 1.5, smoothing 0.2 and a long window of 600
     * samples.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public synchronized void onSample(long rttNanos, int inFlight, boolean dropped) {
        double shortRtt = Math.max(1, rttNanos) * (dropped ? 2.0 : 1.0);
        samples++;
        // warm-up: a plain average of the first samples, then an exponential one over the long window
        double weight = samples < 10 ? 1.0 / samples : 2.0 / (longWindow + 1);
        longRttNanos = longRttNanos + (shortRtt - longRttNanos) * weight;
        if (longRttNanos > 2 * shortRtt) {
            // latency fell for good (e.g. after recovering): let the normal latency follow quickly
            longRttNanos = (longRttNanos + shortRtt) / 2;
        }
        if (!dropped && inFlight < estimatedLimit / 2) {
            // the service is not busy: its latency says nothing about a higher limit
            return;
        }
        double gradient = Math.max(0.5, Math.min(1.0, tolerance * longRttNanos / shortRtt));
        double queueAllowance = Math.sqrt(estimatedLimit);
        double target = estimatedLimit * gradient + queueAllowance;
        double next = estimatedLimit * (1 - smoothing) + target * smoothing;
        estimatedLimit = Math.max(minLimit, Math.min(maxLimit, next));
        limit = (int) estimatedLimit;
    }

    /** Mutable builder of {@link GradientLimit}; not thread-safe. */
    public static final class Builder {
        private int initialLimit = 20;
        private int minLimit = 1;
        private int maxLimit = 1000;
        private double tolerance = 1.5;
        private double smoothing = 0.2;
        private int longWindow = 600;

        private Builder() {
        }

        /** Sets the limit to start from. */
        public Builder initialLimit(int value) { initialLimit = value; return this; }
        /** Sets the lowest limit; at least 1. */
        public Builder minLimit(int value) { minLimit = value; return this; }
        /** Sets the highest limit. */
        public Builder maxLimit(int value) { maxLimit = value; return this; }
        /** Sets how much slower than normal a call may be before the limit shrinks; at least 1. */
        public Builder tolerance(double value) { tolerance = value; return this; }
        /** Sets how much of each new estimate is taken, in {@code (0, 1]}. */
        public Builder smoothing(double value) { smoothing = value; return this; }
        /** Sets the number of samples the normal latency averages over; at least 10. */
        public Builder longWindow(int value) { longWindow = value; return this; }

        /**
         * Builds and validates.
         *
         * @return the limit
         */
        public GradientLimit build() {
            if (minLimit < 1 || maxLimit < minLimit || initialLimit < minLimit || initialLimit > maxLimit) {
                throw new IllegalArgumentException("need 1 <= minLimit <= initialLimit <= maxLimit: " + minLimit
                        + ", " + initialLimit + ", " + maxLimit);
            }
            if (!(tolerance >= 1)) {
                throw new IllegalArgumentException("tolerance must be at least 1: " + tolerance);
            }
            if (!(smoothing > 0 && smoothing <= 1)) {
                throw new IllegalArgumentException("smoothing must be in (0, 1]: " + smoothing);
            }
            if (longWindow < 10) {
                throw new IllegalArgumentException("longWindow must be at least 10: " + longWindow);
            }
            return new GradientLimit(this);
        }
    }
}
