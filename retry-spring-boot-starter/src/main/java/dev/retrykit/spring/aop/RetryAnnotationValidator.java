package dev.retrykit.spring.aop;

import dev.retrykit.spring.diagnostics.ConfigurationProblem;
import dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Checks every annotated method of every bean once all singletons exist: unknown templates, fallbacks that do not
 * exist or do not fit, bad SpEL and unknown caches fail the start with one report, not the first call.
 */
public final class RetryAnnotationValidator implements SmartInitializingSingleton {

    private final ConfigurableListableBeanFactory beanFactory;
    private final ObjectProvider<InvocationPlans> plansProvider;

    /** Validates the beans of {@code beanFactory}. */
    public RetryAnnotationValidator(ConfigurableListableBeanFactory beanFactory, ObjectProvider<InvocationPlans> plans) {
        this.beanFactory = beanFactory;
        this.plansProvider = plans;
    }

    @Override
    public void afterSingletonsInstantiated() {
        InvocationPlans plans = plansProvider.getIfAvailable();
        if (plans == null) {
            return;
        }
        List<ConfigurationProblem> problems = new ArrayList<>();
        Set<Class<?>> seen = new HashSet<>();
        for (String name : beanFactory.getBeanDefinitionNames()) {
            Class<?> type = beanFactory.getType(name, false);
            if (type == null) {
                continue;
            }
            Class<?> userType = ClassUtils.getUserClass(type);
            if (userType.getName().startsWith("org.springframework.") || !seen.add(userType)) {
                continue;
            }
            plans.validate(userType, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidRetryConfigurationException(problems);
        }
    }
}
