package dev.retrykit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand services fit in 40 MB of heap. Measured as the retained heap after full collections, before and
 * after creating them, with the registry kept reachable.
 */
class RegistryFootprintTest {

    private static final int SERVICES = 10_000;
    private static final long LIMIT_BYTES = 40L * 1024 * 1024;

    @Test
    void tenThousandServicesNeedLessThanFortyMegabytes() throws InterruptedException {
        try (ServiceRegistry registry = ServiceRegistry.builder().build()) {
            ServicePolicy policy = registry.templates().resolve("http-api");
            registry.register("warm-up", policy);
            long before = retainedHeap();

            for (int i = 0; i < SERVICES; i++) {
                registry.register("service-" + i, policy);
            }
            long after = retainedHeap();

            long bytes = after - before;
            System.out.printf("%d services retain %.1f MB (%d bytes each)%n", SERVICES, bytes / 1e6, bytes / SERVICES);
            assertThat(registry.services()).hasSize(SERVICES + 1);
            assertThat(bytes).isLessThan(LIMIT_BYTES);
        }
    }

    private static long retainedHeap() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long lowest = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            lowest = Math.min(lowest, memory.getHeapMemoryUsage().getUsed());
        }
        return lowest;
    }
}
