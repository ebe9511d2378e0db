package dev.retrykit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.retrykit.core.CheckedSupplier;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.spring.actuate.RetryLoggingListener;
import dev.retrykit.spring.metrics.RetryMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The path a Spring Boot application runs by default — the starter's logging listener, its Micrometer meters and
 * health on — allocates nothing per successful blocking call: measured with the JVM's per-thread allocation counter
 * around many calls after a warm-up, like the core's {@code HappyPathAllocationTest}.
 */
class BootDefaultPathAllocationTest {

    private static final int CALLS = 100_000;
    private static final int WARM_UP_ROUNDS = 3;
    /** Allowance for a whole round; one allocation per call would be at least 16 bytes x {@value #CALLS}. */
    private static final long SLACK_BYTES = 512;
    private static final CheckedSupplier<String> OPERATION = () -> "ok";

    private final ApplicationContextRunner runner = RetryTestContexts.runner()
            .withConfiguration(AutoConfigurations.of(RetryActuatorAutoConfiguration.class,
                    RetryMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
            .withPropertyValues("retry.services.payments.max-attempts=3");

    @Test
    void successfulCallWithTheStartersListenersAllocatesNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs a JVM that counts allocated bytes per thread");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "needs per-thread allocation counting");
        runner.run(context -> {
            assertThat(context).hasSingleBean(RetryLoggingListener.class).hasSingleBean(RetryMetrics.class);
            GuardedService service = context.getBean(ServiceRegistry.class).service("payments");
            for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                callRepeatedly(service);
            }
            long threadId = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(threadId);
            int results = callRepeatedly(service);
            long allocated = threads.getThreadAllocatedBytes(threadId) - before;

            assertThat(results).isEqualTo(CALLS);
            assertThat(allocated).isLessThanOrEqualTo(SLACK_BYTES);
            assertThat(service.statistics().count(Outcome.SUCCESS)).isEqualTo((WARM_UP_ROUNDS + 1L) * CALLS);
            assertThat(context.getBean(MeterRegistry.class).get(RetryMetrics.CALLS)
                    .tags("service", "payments", "outcome", "success").counter().count())
                    .isEqualTo((WARM_UP_ROUNDS + 1.0) * CALLS);
        });
    }

    private static int callRepeatedly(GuardedService service) {
        int results = 0;
        for (int i = 0; i < CALLS; i++) {
            if (service.call(OPERATION) != null) {
                results++;
            }
        }
        return results;
    }
}
