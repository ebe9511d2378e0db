package dev.retrykit.spring.autoconfigure;

import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.spring.metrics.RetryMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Publishes retrykit's meters ({@code retry.calls}, {@code retry.call.duration}, {@code retry.circuit.state}, ...)
 * through {@link RetryMetrics} when Micrometer is on the classpath and a {@link MeterRegistry} bean exists. Spring
 * Boot binds the {@code MeterBinder} to its registry; a user-defined {@link RetryMetrics} bean replaces this one.
 */
@AutoConfiguration(after = RetryAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, ServiceRegistry.class })
public class RetryMetricsAutoConfiguration {

    /** The binder of every service's meters; it registers its event listener with the service registry. */
    @Bean
    @ConditionalOnMissingBean
    public RetryMetrics retrykitMetrics(ServiceRegistry serviceRegistry) {
        return new RetryMetrics(serviceRegistry);
    }
}
