package dev.retrykit.core.store;

import dev.retrykit.core.breaker.CircuitState;
import java.util.Objects;

/**
 * One circuit breaker transition as shared between instances: the state entered, when, and by which instance.
 * Of two records the one with the later time wins; equal times are decided by the instance id so that every
 * instance picks the same winner.
 *
 * @param state        the state entered
 * @param epochMillis  wall-clock time of the transition, epoch milliseconds
 * @param instanceId   the instance that made the transition; never {@code null}
 */
public record BreakerRecord(CircuitState state, long epochMillis, String instanceId) {

    /** Validates that state and instance are present. */
    public BreakerRecord {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(instanceId, "instanceId");
    }

    /**
     * Whether this record wins over {@code other}.
     *
     * @param other a record of the same service, or {@code null} (then this one is newer)
     * @return true when later, or equally late from a greater instance id
     */
    public boolean isNewerThan(BreakerRecord other) {
        if (other == null) {
            return true;
        }
        if (epochMillis != other.epochMillis) {
            return epochMillis > other.epochMillis;
        }
        return instanceId.compareTo(other.instanceId) > 0;
    }

    /** Whether instances share this state: trips, operator decisions and recoveries, but not half-open trials. */
    public boolean isShared() {
        return state != CircuitState.HALF_OPEN;
    }
}
