package dev.retrykit.core.shed;

/**
 * A reading of the system's CPU load, injectable so that tests can drive it. {@link LoadShedder} reads it at most
 * once per 100 ms, never per call.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface CpuLoad {

    /**
     * The recent CPU load of the whole system.
     *
     * @return a fraction in {@code [0, 1]}, or a negative value when it is not known (then nothing is shed for CPU)
     */
    double systemCpuLoad();

    /**
     * The JVM's reading: {@code com.sun.management.OperatingSystemMXBean#getCpuLoad()} where the JVM has it,
     * otherwise the one-minute load average divided by the processors.
     *
     * @return the system reading
     */
    static CpuLoad system() {
        return SystemCpuLoad.INSTANCE;
    }
}
