package dev.retrykit.spring.autoconfigure;

import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.idempotency.IdempotentCalls;
import dev.retrykit.spring.aop.InvocationPlans;
import dev.retrykit.spring.aop.RetryAdvisor;
import dev.retrykit.spring.aop.RetryAnnotationValidator;
import dev.retrykit.spring.aop.RetryMethodInterceptor;
import dev.retrykit.spring.aop.RetryProxyRegistrar;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the annotations: an advisor around {@code @Retryable} and {@code @CircuitGuarded} methods
 * (ordered by {@code retry.aop.order}, by default just outside {@code @Transactional}), per-method invocation plans,
 * and their startup validation. It adds an auto-proxy creator only when the application has none, and never changes
 * the application's proxy type.
 */
@AutoConfiguration(after = RetryAutoConfiguration.class)
@ConditionalOnBean(ServiceRegistry.class)
@Import(RetryProxyRegistrar.class)
public class RetryAopAutoConfiguration {

    /** The property that orders the advice among the application's other advisors. */
    static final String AOP_ORDER = "retry.aop.order";

    /**
     * The advisor, ordered by {@code retry.aop.order}; static and lazy in its dependencies so that proxy creation does
     * not create the registry early. The order is read from the environment because the properties bean may not be
     * bound yet when the first proxies are built.
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    public static RetryAdvisor retrykitAdvisor(ObjectProvider<InvocationPlans> plans, Environment environment) {
        int order = Binder.get(environment).bind(AOP_ORDER, Integer.class).orElse(RetryAdvisor.DEFAULT_ORDER);
        return new RetryAdvisor(new RetryMethodInterceptor(plans), order);
    }

    /**
     * Per-method plans: service, options, parsed SpEL, fallback method and cache. {@code @Fallback(cache = ...)}
     * uses the application's {@link CacheManager} when there is exactly one (or one is {@code @Primary}), and an
     * in-memory one otherwise.
     */
    @Bean
    @ConditionalOnMissingBean
    public InvocationPlans retrykitInvocationPlans(ServiceRegistry registry, RetryPolicies policies, IdempotentCalls idempotentCalls,
                                                ObjectProvider<CacheManager> cacheManager) {
        return new InvocationPlans(registry, policies, idempotentCalls, cacheManager.getIfUnique(ConcurrentMapCacheManager::new));
    }

    /** Fails the start when an annotation names an unknown template, a missing fallback or a bad expression. */
    @Bean
    @ConditionalOnMissingBean
    public static RetryAnnotationValidator retrykitAnnotationValidator(ConfigurableListableBeanFactory beanFactory,
                                                                   ObjectProvider<InvocationPlans> plans) {
        return new RetryAnnotationValidator(beanFactory, plans);
    }
}
