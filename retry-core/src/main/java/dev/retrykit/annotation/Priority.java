package dev.retrykit.annotation;

/**
 * How important a call is when load shedding has to drop work: {@link #LOW} is shed first, {@link #CRITICAL}
 * is never shed.
 */
public enum Priority {
    /** Never shed. */
    CRITICAL,
    /** Shed only when the service is far over its limit. */
    HIGH,
    /** The default. */
    NORMAL,
    /** Shed first. */
    LOW
}
