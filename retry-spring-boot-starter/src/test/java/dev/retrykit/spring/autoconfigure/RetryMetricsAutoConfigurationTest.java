package dev.retrykit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.spring.metrics.RetryMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RetryMetricsAutoConfigurationTest {

    private final ApplicationContextRunner runner = RetryTestContexts.runner()
            .withConfiguration(AutoConfigurations.of(RetryMetricsAutoConfiguration.class));

    private final ApplicationContextRunner withMeterRegistry = runner.withConfiguration(AutoConfigurations.of(
            MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class));

    @Test
    void bindsServiceMetersToTheMeterRegistry() {
        withMeterRegistry.withPropertyValues("retry.services.payments.template=http-api").run(context -> {
            assertThat(context).hasSingleBean(RetryMetrics.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.find(RetryMetrics.CONCURRENT).gauge()).isNotNull();
            assertThat(meters.find(RetryMetrics.CALLS).tags("service", "payments", "outcome", "success").counter()).isNotNull();
        });
    }

    @Test
    void backsOffWithoutAMeterRegistry() {
        runner.run(context -> assertThat(context).doesNotHaveBean(RetryMetrics.class));
    }

    @Test
    void backsOffWhenRetrykitIsDisabled() {
        withMeterRegistry.withPropertyValues("retry.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(RetryMetrics.class));
    }
}
