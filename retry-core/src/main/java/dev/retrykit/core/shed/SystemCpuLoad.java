package dev.retrykit.core.shed;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** {@link CpuLoad#system()}: the platform MXBean's CPU load, or the load average per processor. */
enum SystemCpuLoad implements CpuLoad {
    INSTANCE;

    private final OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();

    @Override
    public double systemCpuLoad() {
        if (bean instanceof com.sun.management.OperatingSystemMXBean extended) {
            return extended.getCpuLoad();
        }
        double average = bean.getSystemLoadAverage();
        if (average < 0) {
            return -1;
        }
        return Math.min(1.0, average / bean.getAvailableProcessors());
    }
}
