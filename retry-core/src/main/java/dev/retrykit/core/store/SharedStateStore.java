package dev.retrykit.core.store;

import java.util.Map;

/**
 * Store SPI of the protection state shared by every instance of a service fleet: the newest circuit breaker
 * transition per service, and running totals of retry budget activity per budget. Only the
 * {@link StateSynchronizer} calls it, in the background; guarded calls never do.
 *
 * <p>Every operation may throw a {@link RuntimeException} when the store cannot be reached; the caller then keeps
 * working on local state and tries again later. Implementations must be thread-safe, and
 * {@link #publishBreakerState} and {@link #exchangeBudgets} must be atomic in the store (several instances call them
 * at once).
 */
public interface SharedStateStore {

    /**
     * The kind of store, as reported by management endpoints.
     *
     * @return a lower-case name such as {@code memory} or {@code redis}
     */
    String type();

    /**
     * Whether the last operation reached the store.
     *
     * @return false from a failed operation until one succeeds again
     */
    boolean isReachable();

    /**
     * Stores {@code record} as the state of {@code service} unless the store holds a newer one
     * ({@link BreakerRecord#isNewerThan}).
     *
     * @param service the service name
     * @param record  the transition to share
     * @return true when stored, false when the store kept a newer record
     */
    boolean publishBreakerState(String service, BreakerRecord record);

    /**
     * The newest shared transition of every service that has one.
     *
     * @return service name to record; empty when nothing was published
     */
    Map<String, BreakerRecord> readBreakerStates();

    /**
     * Adds one instance's budget activity to the fleet's running totals and returns the totals, in one atomic step
     * per budget. The caller learns the other instances' activity from the difference between successive totals.
     * Totals may start again from zero when the store loses its data.
     *
     * @param localActivity budget name to the activity since this instance's last successful exchange
     * @return budget name to the fleet's totals after adding, for every budget given
     */
    Map<String, BudgetCounts> exchangeBudgets(Map<String, BudgetCounts> localActivity);
}
