package dev.retrykit.spring.autoconfigure;

import java.time.Duration;
import java.util.Objects;

/**
 * Validated faults injected into one service ({@code retry.chaos.services.NAME}).
 *
 * @param failureRate share of calls, in {@code [0, 1]}, that throw {@code exception} instead of running
 * @param latency     latency added to every call; not negative
 * @param exception   the type thrown by a failed call; instantiable subclasses are expected
 */
public record ChaosSettings(double failureRate, Duration latency, Class<? extends Throwable> exception) {

    /** Checks the values. */
    public ChaosSettings {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(exception, "exception");
        if (!(failureRate >= 0 && failureRate <= 1)) {
            throw new IllegalArgumentException("failureRate must be in [0, 1]: " + failureRate);
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
    }
}
