package dev.retrykit.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Turns the {@link RetryChaos} annotations of a test class into {@code retry.chaos.*} properties of its context.
 * Registered through {@code META-INF/spring.factories}; classes without the annotation get no customizer, so their
 * context cache keys are unchanged.
 */
public class RetryChaosContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        Set<RetryChaos> chaos = AnnotatedElementUtils.findMergedRepeatableAnnotations(testClass, RetryChaos.class);
        if (chaos.isEmpty()) {
            return null;
        }
        List<String> properties = new ArrayList<>();
        properties.add("retry.chaos.enabled=true");
        for (RetryChaos service : chaos) {
            String prefix = "retry.chaos.services." + service.service() + ".";
            properties.add(prefix + "failure-rate=" + service.failureRate());
            properties.add(prefix + "exception=" + service.exception().getName());
            properties.add(prefix + "latency=" + service.latency());
        }
        return new ChaosProperties(List.copyOf(properties));
    }

    /** The properties to add; a record, so equal annotations share a cached context. */
    private record ChaosProperties(List<String> properties) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
            TestPropertyValues.of(properties).applyTo(context);
        }
    }
}
