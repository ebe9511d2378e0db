package dev.retrykit.core.breaker;

import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of a {@link CircuitBreaker}. Rates are percentages in {@code [0, 100]}.
 *
 * @param enabled                 when false the breaker admits everything and records nothing
 * @param slidingWindowType       count- or time-based window
 * @param slidingWindowSize       calls (count) or seconds (time); at least 1
 * @param minimumCalls            calls recorded before a rate can trip the breaker; at least 1
 * @param failureRateThreshold    percentage of failed calls that opens the breaker
 * @param slowCallDuration        a call at least this long is slow
 * @param slowCallRateThreshold   percentage of slow calls that opens the breaker
 * @param waitInOpen              wait in OPEN before HALF_OPEN, doubled on each repeated trip
 * @param maxWaitInOpen           cap of the doubled wait
 * @param halfOpenCalls           trial calls admitted in HALF_OPEN; at least 1
 * @param maxTimeInHalfOpen       longest a HALF_OPEN period may go without a verdict; then it counts as a failed
 *                                trial (back to OPEN, wait doubled); positive
 */
public record CircuitBreakerConfig(
        boolean enabled,
        SlidingWindowType slidingWindowType,
        int slidingWindowSize,
        int minimumCalls,
        double failureRateThreshold,
        Duration slowCallDuration,
        double slowCallRateThreshold,
        Duration waitInOpen,
        Duration maxWaitInOpen,
        int halfOpenCalls,
        Duration maxTimeInHalfOpen) {

    /**
     * The defaults of PRODUCT.md: count window of 50, 20 minimum calls, 50 % failures, 30 s open, 60 s at most in
     * half-open.
     */
    public static final CircuitBreakerConfig DEFAULT = new CircuitBreakerConfig(true, SlidingWindowType.COUNT, 50, 20, 50,
            Duration.ofSeconds(10), 80, Duration.ofSeconds(30), Duration.ofMinutes(5), 3, Duration.ofSeconds(60));

    /** Validates every field. */
    public CircuitBreakerConfig {
        Objects.requireNonNull(slidingWindowType, "slidingWindowType");
        Objects.requireNonNull(slowCallDuration, "slowCallDuration");
        Objects.requireNonNull(waitInOpen, "waitInOpen");
        Objects.requireNonNull(maxWaitInOpen, "maxWaitInOpen");
        Objects.requireNonNull(maxTimeInHalfOpen, "maxTimeInHalfOpen");
        require(slidingWindowSize >= 1, "slidingWindowSize must be at least 1: " + slidingWindowSize);
        require(minimumCalls >= 1, "minimumCalls must be at least 1: " + minimumCalls);
        require(failureRateThreshold >= 0 && failureRateThreshold <= 100, "failureRateThreshold must be in [0, 100]: " + failureRateThreshold);
        require(slowCallRateThreshold >= 0 && slowCallRateThreshold <= 100, "slowCallRateThreshold must be in [0, 100]: " + slowCallRateThreshold);
        require(halfOpenCalls >= 1, "halfOpenCalls must be at least 1: " + halfOpenCalls);
        require(!waitInOpen.isNegative(), "waitInOpen must not be negative: " + waitInOpen);
        require(maxWaitInOpen.compareTo(waitInOpen) >= 0, "maxWaitInOpen " + maxWaitInOpen + " must not be below waitInOpen " + waitInOpen);
        require(!maxTimeInHalfOpen.isNegative() && !maxTimeInHalfOpen.isZero(), "maxTimeInHalfOpen must be positive: " + maxTimeInHalfOpen);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A builder starting from these values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A builder starting from {@link #DEFAULT}. */
    public static Builder builder() {
        return new Builder(DEFAULT);
    }

    /** Mutable builder of {@link CircuitBreakerConfig}; not thread-safe. */
    public static final class Builder {
        private boolean enabled;
        private SlidingWindowType slidingWindowType;
        private int slidingWindowSize;
        private int minimumCalls;
        private double failureRateThreshold;
        private Duration slowCallDuration;
        private double slowCallRateThreshold;
        private Duration waitInOpen;
        private Duration maxWaitInOpen;
        private int halfOpenCalls;
        private Duration maxTimeInHalfOpen;

        private Builder(CircuitBreakerConfig from) {
            enabled = from.enabled;
            slidingWindowType = from.slidingWindowType;
            slidingWindowSize = from.slidingWindowSize;
            minimumCalls = from.minimumCalls;
            failureRateThreshold = from.failureRateThreshold;
            slowCallDuration = from.slowCallDuration;
            slowCallRateThreshold = from.slowCallRateThreshold;
            waitInOpen = from.waitInOpen;
            maxWaitInOpen = from.maxWaitInOpen;
            halfOpenCalls = from.halfOpenCalls;
            maxTimeInHalfOpen = from.maxTimeInHalfOpen;
        }

        /** Sets {@link CircuitBreakerConfig#enabled()}. */
        public Builder enabled(boolean value) { enabled = value; return this; }
        /** Sets {@link CircuitBreakerConfig#slidingWindowType()}. */
        public Builder slidingWindowType(SlidingWindowType value) { slidingWindowType = value; return this; }
        /** Sets {@link CircuitBreakerConfig#slidingWindowSize()}. */
        public Builder slidingWindowSize(int value) { slidingWindowSize = value; return this; }
        /** Sets {@link CircuitBreakerConfig#minimumCalls()}. */
        public Builder minimumCalls(int value) { minimumCalls = value; return this; }
        /** Sets {@link CircuitBreakerConfig#failureRateThreshold()} (percent). */
        public Builder failureRateThreshold(double value) { failureRateThreshold = value; return this; }
        /** Sets {@link CircuitBreakerConfig#slowCallDuration()}. */
        public Builder slowCallDuration(Duration value) { slowCallDuration = value; return this; }
        /** Sets {@link CircuitBreakerConfig#slowCallRateThreshold()} (percent). */
        public Builder slowCallRateThreshold(double value) { slowCallRateThreshold = value; return this; }
        /** Sets {@link CircuitBreakerConfig#waitInOpen()}. */
        public Builder waitInOpen(Duration value) { waitInOpen = value; return this; }
        /** Sets {@link CircuitBreakerConfig#maxWaitInOpen()}. */
        public Builder maxWaitInOpen(Duration value) { maxWaitInOpen = value; return this; }
        /** Sets {@link CircuitBreakerConfig#halfOpenCalls()}. */
        public Builder halfOpenCalls(int value) { halfOpenCalls = value; return this; }
        /** Sets {@link CircuitBreakerConfig#maxTimeInHalfOpen()}. */
        public Builder maxTimeInHalfOpen(Duration value) { maxTimeInHalfOpen = value; return this; }

        /** Builds and validates. */
        public CircuitBreakerConfig build() {
            return new CircuitBreakerConfig(enabled, slidingWindowType, slidingWindowSize, minimumCalls, failureRateThreshold,
                    slowCallDuration, slowCallRateThreshold, waitInOpen, maxWaitInOpen, halfOpenCalls, maxTimeInHalfOpen);
        }
    }
}
