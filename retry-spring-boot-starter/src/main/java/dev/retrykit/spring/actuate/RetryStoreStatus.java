package dev.retrykit.spring.actuate;

/**
 * Where retrykit keeps its shared state, as reported under {@code global.store} of the {@code retry} endpoint and
 * under {@code store} of the {@code retry} health contributor. The starter registers {@link #inMemory()} unless
 * another bean of this type exists; a store that lives outside the JVM (Redis) supplies its own, auto-configured
 * before {@link dev.retrykit.spring.autoconfigure.RetryActuatorAutoConfiguration}.
 *
 * <p>Implementations must be thread-safe and answer quickly: the endpoint and the health contributor ask on every
 * read.
 */
public interface RetryStoreStatus {

    /**
     * The store type as written in {@code retry.store.type}.
     *
     * @return {@code memory} or {@code redis}
     */
    String type();

    /**
     * Whether the store answered recently; an in-memory store always does.
     *
     * @return {@code true} when reachable
     */
    boolean reachable();

    /**
     * The status of this JVM's memory: type {@code memory}, always reachable.
     *
     * @return a shared, stateless instance
     */
    static RetryStoreStatus inMemory() {
        return InMemoryStoreStatus.INSTANCE;
    }

    /** The in-memory store's status. */
    enum InMemoryStoreStatus implements RetryStoreStatus {
        INSTANCE;

        @Override
        public String type() {
            return "memory";
        }

        @Override
        public boolean reachable() {
            return true;
        }
    }
}
