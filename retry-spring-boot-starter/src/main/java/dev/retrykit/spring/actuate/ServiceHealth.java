package dev.retrykit.spring.actuate;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.breaker.CircuitState;
import java.util.Objects;

/**
 * How healthy one service looks, as one number and one word; shared by the {@code retry} endpoint and the
 * {@code retry} health contributor so that both always agree.
 *
 * <p>The score is the recent success rate ({@link dev.retrykit.core.stats.ServiceStatistics#recentSuccessRate()}: the
 * share of the calls that ended in the last 30 seconds that returned the method's own value, so calls served by a
 * fallback or rejected count against it; 1 when no call ended then) weighed by the breaker: full weight when CLOSED or DISABLED, half when HALF_OPEN, none when OPEN or FORCED_OPEN. The
 * status is derived from the score:
 * <ul>
 *   <li>{@link Status#HEALTHY}: score at least {@value #HEALTHY_THRESHOLD};</li>
 *   <li>{@link Status#DEGRADED}: score at least {@value #DEGRADED_THRESHOLD} (a half-open breaker at best);</li>
 *   <li>{@link Status#UNHEALTHY}: below that, which includes every OPEN or FORCED_OPEN breaker.</li>
 * </ul>
 *
 * @param state       the breaker state the score was computed from
 * @param successRate the recent success rate, a fraction in {@code [0, 1]}
 * @param score       the health score, a fraction in {@code [0, 1]}
 * @param status      the status the score falls into
 */
public record ServiceHealth(CircuitState state, double successRate, double score, Status status) {

    /** Lowest score that is {@link Status#HEALTHY}. */
    public static final double HEALTHY_THRESHOLD = 0.9;

    /** Lowest score that is {@link Status#DEGRADED}. */
    public static final double DEGRADED_THRESHOLD = 0.5;

    /** What a score means. */
    public enum Status {
        /** Calls succeed and the breaker lets them through. */
        HEALTHY,
        /** A noticeable share of calls fail, or the breaker is probing with trial calls. */
        DEGRADED,
        /** Most calls fail, or the breaker refuses them. */
        UNHEALTHY
    }

    /** Checks the fields. */
    public ServiceHealth {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(status, "status");
    }

    /**
     * The health of a service now. Reads its breaker state and recent success rate; call it off the hot path.
     *
     * @param service the service
     * @return its health
     */
    public static ServiceHealth of(GuardedService service) {
        return of(service.circuitBreaker().state(), service.statistics().recentSuccessRate());
    }

    /**
     * The health for a breaker state and a success rate.
     *
     * @param state       the breaker state
     * @param successRate a fraction in {@code [0, 1]}; values outside are clamped
     * @return the health
     */
    public static ServiceHealth of(CircuitState state, double successRate) {
        double rate = Double.isNaN(successRate) ? 0 : Math.min(1, Math.max(0, successRate));
        double score = rate * weightOf(state);
        return new ServiceHealth(state, rate, score, statusOf(score));
    }

    /**
     * Whether the breaker refuses calls (OPEN or FORCED_OPEN); what {@code retry.health.down-on-open} looks at.
     *
     * @return {@code true} when the breaker is open
     */
    public boolean breakerOpen() {
        return state == CircuitState.OPEN || state == CircuitState.FORCED_OPEN;
    }

    private static double weightOf(CircuitState state) {
        return switch (state) {
            case CLOSED, DISABLED -> 1.0;
            case HALF_OPEN -> 0.5;
            case OPEN, FORCED_OPEN -> 0.0;
        };
    }

    private static Status statusOf(double score) {
        if (score >= HEALTHY_THRESHOLD) {
            return Status.HEALTHY;
        }
        return score >= DEGRADED_THRESHOLD ? Status.DEGRADED : Status.UNHEALTHY;
    }
}
