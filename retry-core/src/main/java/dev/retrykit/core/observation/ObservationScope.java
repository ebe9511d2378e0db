package dev.retrykit.core.observation;

/** An observation made current on one thread; closing it, on that same thread, restores the previous one. */
@FunctionalInterface
public interface ObservationScope extends AutoCloseable {

    /** A scope that does nothing. */
    ObservationScope NONE = () -> { };

    /** Restores the thread's previous observation; never throws. */
    @Override
    void close();
}
