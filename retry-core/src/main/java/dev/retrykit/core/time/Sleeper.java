package dev.retrykit.core.time;

/**
 * Blocks the calling thread between attempts. Tests inject {@link ManualClock}, which advances virtual
 * time instead of sleeping.
 *
 * <p>Implementations must be thread-safe and must respond to interruption by throwing
 * {@link InterruptedException}.
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Sleeps for the given number of nanoseconds; returns at once when {@code nanos <= 0}.
     *
     * @throws InterruptedException when the thread is interrupted while sleeping
     */
    void sleep(long nanos) throws InterruptedException;

    /** Real sleeping with {@link Thread#sleep(long, int)}. */
    static Sleeper system() {
        return SystemTime.INSTANCE;
    }
}
