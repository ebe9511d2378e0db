package dev.retrykit.spring.actuate;

/**
 * Where retrykit keeps its shared state and whether that place can be reached now, as reported under
 * {@code global.store} by the {@code retry} actuator endpoint and by health. Implementations are beans; they must be
 * thread-safe and cheap enough to call on every endpoint request.
 */
public interface RetryStoreStatus {

    /**
     * The store type.
     *
     * @return {@code memory} or {@code redis}
     */
    String type();

    /**
     * Whether the store can be reached now; calls keep working on local state when it cannot.
     *
     * @return true when reachable
     */
    boolean reachable();
}
