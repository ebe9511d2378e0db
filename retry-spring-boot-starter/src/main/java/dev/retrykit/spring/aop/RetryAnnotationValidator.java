package dev.retrykit.spring.aop;

import dev.retrykit.annotation.CircuitGuarded;
import dev.retrykit.annotation.Retryable;
import dev.retrykit.spring.diagnostics.ConfigurationProblem;
import dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException;
import dev.retrykit.spring.diagnostics.NearestName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * Checks every annotated method of every bean, whatever its package, once all singletons exist, and builds its
 * invocation plan then, so that annotation-only services are registered (and listed by the endpoint) before their
 * first call. Unknown templates, fallbacks that do not exist or do not fit, bad SpEL, unknown caches, methods the
 * bean's proxy cannot intercept and methods that Spring Framework's {@code @Retryable} guards too fail the start with
 * one report, not the first call. A service configured under {@code retry.services} that no annotation uses is
 * logged once as a warning naming the nearest service in use.
 */
public final class RetryAnnotationValidator implements SmartInitializingSingleton {

    private static final Log LOG = LogFactory.getLog(RetryAnnotationValidator.class);

    private static final Set<Class<? extends java.lang.annotation.Annotation>> GUARDS = Set.of(Retryable.class, CircuitGuarded.class);

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
            Object bean = createdBean(name);
            Class<?> userType = bean != null ? ClassUtils.getUserClass(AopProxyUtils.ultimateTargetClass(bean)) : typeOf(name);
            if (userType == null || !AnnotationUtils.isCandidateClass(userType, GUARDS) || !seen.add(userType)) {
                continue;
            }
            try {
                plans.validate(userType, name, bean, problems);
            } catch (IllegalStateException | LinkageError notIntrospectable) {
                // a class whose methods cannot be read (an optional dependency is missing) cannot be proxied either
                LOG.debug("Skipping bean '" + name + "' of " + userType.getName() + ": " + notIntrospectable);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRetryConfigurationException(problems);
        }
        warnUnusedServices(plans);
    }

    /** The singleton already created under {@code name}, or {@code null} (lazy, prototype, factory bean, none). */
    private Object createdBean(String name) {
        if (!beanFactory.containsSingleton(name)) {
            return null;
        }
        Object bean = beanFactory.getSingleton(name);
        return bean == null || bean instanceof FactoryBean || bean.getClass().getName().equals("org.springframework.beans.factory.support.NullBean")
                ? null : bean;
    }

    private Class<?> typeOf(String name) {
        Class<?> type = beanFactory.getType(name, false);
        return type == null ? null : ClassUtils.getUserClass(type);
    }

    private static void warnUnusedServices(InvocationPlans plans) {
        Set<String> used = plans.servicesInUse();
        if (used.isEmpty()) {
            // no annotation at all: the configured services are called programmatically
            return;
        }
        for (String configured : plans.configuredServices()) {
            if (used.contains(configured)) {
                continue;
            }
            String nearest = NearestName.of(configured, used);
            LOG.warn("retry.services." + configured + " is configured, but no @Retryable or @CircuitGuarded method uses "
                    + "service '" + configured + "'" + (nearest == null ? "" : " (did you mean '" + nearest + "'?)")
                    + "; its settings apply only to programmatic calls (ServiceRegistry.service(\"" + configured + "\"))");
        }
    }
}
