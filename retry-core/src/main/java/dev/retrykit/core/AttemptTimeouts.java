package dev.retrykit.core;

import dev.retrykit.core.internal.CompiledPolicy;
import dev.retrykit.core.stats.ServiceStatistics;
import dev.retrykit.core.time.Clock;

/**
 * How long one attempt may run and when a hedge starts: the per-attempt timeout (or twice the observed p99 when
 * adaptive), capped by the remaining deadline, and the hedge delay (fixed, or the observed p95).
 *
 * <p>Stateless; thread-safe.
 */
final class AttemptTimeouts {

    private static final long DEFAULT_HEDGE_DELAY_NANOS = 200_000_000L;
    private static final long MIN_ADAPTIVE_TIMEOUT_NANOS = 1_000_000L;
    private static final int MIN_LATENCY_SAMPLES = 100;

    private final Clock clock;
    private final ServiceStatistics statistics;

    AttemptTimeouts(Clock clock, ServiceStatistics statistics) {
        this.clock = clock;
        this.statistics = statistics;
    }

    /** The time the next attempt may take in nanoseconds, or {@link CompiledPolicy#NONE}. */
    long limitNanos(CompiledPolicy p, long deadline) {
        long limit = p.perAttemptNanos;
        if (p.adaptiveTimeout && statistics.latency().samples() >= MIN_LATENCY_SAMPLES) {
            long p99 = statistics.latency().quantileNanos(0.99);
            limit = Math.min(limit, Math.max(MIN_ADAPTIVE_TIMEOUT_NANOS, p99 * 2));
        }
        if (deadline != CompiledPolicy.NONE) {
            limit = Math.min(limit, Math.max(1, deadline - clock.nanoTime()));
        }
        return limit;
    }

    /** The wait before each hedge in nanoseconds. */
    long hedgeDelayNanos(CompiledPolicy p) {
        if (p.hedgeDelayNanos >= 0) {
            return p.hedgeDelayNanos;
        }
        long p95 = statistics.latency().samples() >= MIN_LATENCY_SAMPLES ? statistics.latency().quantileNanos(0.95) : -1;
        return p95 > 0 ? p95 : DEFAULT_HEDGE_DELAY_NANOS;
    }
}
