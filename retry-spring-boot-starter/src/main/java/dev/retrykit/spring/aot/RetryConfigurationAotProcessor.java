package dev.retrykit.spring.aot;

import dev.retrykit.spring.autoconfigure.RetryProperties;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Registers, at build time, the exception classes that {@code application.yml} names and the starter loads by name
 * at startup: {@code retryable-exceptions} and {@code non-retryable-exceptions} of every template and service, and
 * the chaos {@code exception} of every service (also constructed, so its constructors are registered). The
 * configuration seen is the one of the AOT build (its active profiles).
 */
public final class RetryConfigurationAotProcessor implements BeanFactoryInitializationAotProcessor {

    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        if (!beanFactory.containsBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME)) {
            return null;
        }
        Environment environment = beanFactory.getBean(ConfigurableApplicationContext.ENVIRONMENT_BEAN_NAME, Environment.class);
        RetryProperties properties = Binder.get(environment).bind("retry", RetryProperties.class).orElse(null);
        if (properties == null) {
            return null;
        }
        Set<String> loaded = new LinkedHashSet<>();
        List<RetryProperties.Policy> policies = new ArrayList<>(properties.getTemplates().values());
        policies.addAll(properties.getServices().values());
        for (RetryProperties.Policy policy : policies) {
            addAll(loaded, policy.getRetryableExceptions());
            addAll(loaded, policy.getNonRetryableExceptions());
        }
        Set<String> constructed = new LinkedHashSet<>();
        for (RetryProperties.ChaosService chaos : properties.getChaos().getServices().values()) {
            if (chaos.getException() != null) {
                constructed.add(chaos.getException().trim());
            }
        }
        ClassLoader classLoader = beanFactory.getBeanClassLoader();
        return (generationContext, code) -> register(generationContext.getRuntimeHints(), classLoader, loaded, constructed);
    }

    static void register(RuntimeHints hints, ClassLoader classLoader, Set<String> loaded, Set<String> constructed) {
        for (String type : loaded) {
            hints.reflection().registerTypeIfPresent(classLoader, type);
        }
        for (String type : constructed) {
            hints.reflection().registerTypeIfPresent(classLoader, type, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
        }
    }

    private static void addAll(Set<String> names, List<String> values) {
        if (values == null) {
            return;
        }
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                names.add(value.trim());
            }
        }
    }
}
