package dev.retrykit.core.shed;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Additive increase, multiplicative decrease: the limit grows by one for each call that completes in time while
 * the service is busy (at least half the limit in flight), and is multiplied by {@code backoffRatio} when a call is
 * dropped or takes longer than {@code timeout}. Simple and robust, but it only reacts to overload once calls fail or
 * time out.
 *
 * <p>Thread-safety: lock-free, the limit is updated by CAS.
 */
public final class AimdLimit implements ConcurrencyLimit {

    private final int minLimit;
    private final int maxLimit;
    private final double backoffRatio;
    private final long timeoutNanos;
    private final AtomicInteger limit;

    private AimdLimit(Builder builder) {
        this.minLimit = builder.minLimit;
        this.maxLimit = builder.maxLimit;
        this.backoffRatio = builder.backoffRatio;
        this.timeoutNanos = builder.timeout.toNanos();
        this.limit = new AtomicInteger(builder.initialLimit);
    }

    /**
     * A builder with initial limit 20, bounds [1, 1000], backoff ratio 0.9 and a 5 s timeout.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int limit() {
        return limit.get();
    }

    @Override
    public void onSample(long rttNanos, int inFlight, boolean dropped) {
        while (true) {
            int current = limit.get();
            int next;
            if (dropped || rttNanos > timeoutNanos) {
                next = Math.max(minLimit, Math.min(current - 1, (int) (current * backoffRatio)));
            } else if (inFlight * 2 >= current) {
                next = Math.min(maxLimit, current + 1);
            } else {
                // the service is not busy: its success says nothing about a higher limit
                return;
            }
            if (next == current || limit.compareAndSet(current, next)) {
                return;
            }
        }
    }

    /** Mutable builder of {@link AimdLimit}; not thread-safe. */
    public static final class Builder {
        private int initialLimit = 20;
        private int minLimit = 1;
        private int maxLimit = 1000;
        private double backoffRatio = 0.9;
        private Duration timeout = Duration.ofSeconds(5);

        private Builder() {
        }

        /** Sets the limit to start from. */
        public Builder initialLimit(int value) { initialLimit = value; return this; }
        /** Sets the lowest limit; at least 1. */
        public Builder minLimit(int value) { minLimit = value; return this; }
        /** Sets the highest limit. */
        public Builder maxLimit(int value) { maxLimit = value; return this; }
        /** Sets the factor applied on a drop, in {@code [0.5, 1)}. */
        public Builder backoffRatio(double value) { backoffRatio = value; return this; }
        /** Sets the round-trip time above which a call counts as a drop. */
        public Builder timeout(Duration value) { timeout = value; return this; }

        /**
         * Builds and validates.
         *
         * @return the limit
         */
        public AimdLimit build() {
            if (minLimit < 1 || maxLimit < minLimit || initialLimit < minLimit || initialLimit > maxLimit) {
                throw new IllegalArgumentException("need 1 <= minLimit <= initialLimit <= maxLimit: " + minLimit
                        + ", " + initialLimit + ", " + maxLimit);
            }
            if (!(backoffRatio >= 0.5 && backoffRatio < 1)) {
                throw new IllegalArgumentException("backoffRatio must be in [0.5, 1): " + backoffRatio);
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            return new AimdLimit(this);
        }
    }
}
