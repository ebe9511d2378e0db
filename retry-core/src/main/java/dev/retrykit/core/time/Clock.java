package dev.retrykit.core.time;

/**
 * Source of time for every timing decision in retrykit. Production code uses {@link #system()}; tests
 * use {@link ManualClock} so backoff, breakers and budgets run on virtual time.
 *
 * <p>Implementations must be thread-safe.
 */
public interface Clock {

    /** Monotonic time in nanoseconds, only meaningful as a difference between two readings. */
    long nanoTime();

    /**
     * A cheaper monotonic reading that may lag {@link #nanoTime()} by about a millisecond. The circuit breaker times
     * attempts with it to spot slow calls (thresholds of seconds), so that the success path does not pay for two
     * precise clock reads. Defaults to {@link #nanoTime()}.
     */
    default long coarseNanoTime() {
        return nanoTime();
    }

    /** Wall-clock time in milliseconds since the epoch, used for HTTP-date {@code Retry-After} hints. */
    long currentTimeMillis();

    /** The JVM's clock: {@link System#nanoTime()} and {@link System#currentTimeMillis()}. */
    static Clock system() {
        return SystemTime.INSTANCE;
    }
}
