package dev.retrykit.spring.aop;

import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Makes sure an auto-proxy creator exists: the infrastructure one, unless the application already has one (Spring
 * AOP's auto-configuration, {@code @EnableAspectJAutoProxy}, {@code @EnableTransactionManagement}), which is then
 * used as it is. The proxy type stays the application's choice ({@code spring.aop.proxy-target-class}, Spring's
 * {@code @Proxyable}): a bean with interfaces may get an interface-based proxy, and a class without interfaces always
 * gets a class-based one, so annotated methods are guarded either way.
 */
public final class RetryProxyRegistrar implements ImportBeanDefinitionRegistrar {

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
    }
}
