package dev.retrykit.spring.cloud.circuitbreaker.autoconfigure;

import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.spring.autoconfigure.RetryAutoConfiguration;
import dev.retrykit.spring.cloud.circuitbreaker.ReactiveRetrykitCircuitBreakerFactory;
import dev.retrykit.spring.cloud.circuitbreaker.RetrykitCircuitBreakerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * Makes retrykit the application's Spring Cloud CircuitBreaker implementation: a {@link RetrykitCircuitBreakerFactory}
 * and, with Reactor on the classpath, a {@link ReactiveRetrykitCircuitBreakerFactory}, each configured by every
 * {@link Customizer} bean of its type, in order. Runs after retrykit's starter (it needs the {@link ServiceRegistry})
 * and before Spring Cloud Commons' auto-configuration, which looks for a factory. Each factory backs off when the
 * application (or another implementation) already defines one; all of it is switched off by
 * {@code spring.cloud.circuitbreaker.retrykit.enabled=false} or {@code retry.enabled=false}.
 */
@AutoConfiguration(after = RetryAutoConfiguration.class,
        beforeName = "org.springframework.cloud.client.CommonsClientAutoConfiguration")
@ConditionalOnClass(CircuitBreakerFactory.class)
@ConditionalOnBean(ServiceRegistry.class)
@ConditionalOnProperty(prefix = "spring.cloud.circuitbreaker.retrykit", name = "enabled", matchIfMissing = true)
public class RetrykitCircuitBreakerAutoConfiguration {

    /** The blocking factory, customized by every {@code Customizer<RetrykitCircuitBreakerFactory>} bean. */
    @Bean
    @ConditionalOnMissingBean(CircuitBreakerFactory.class)
    public RetrykitCircuitBreakerFactory retrykitCircuitBreakerFactory(ServiceRegistry registry,
            ObjectProvider<Customizer<RetrykitCircuitBreakerFactory>> customizers) {
        RetrykitCircuitBreakerFactory factory = new RetrykitCircuitBreakerFactory(registry);
        customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
        return factory;
    }

    /** The reactive factory, present when Reactor is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Mono.class)
    static class ReactiveFactoryConfiguration {

        /** The reactive factory, customized by every {@code Customizer<ReactiveRetrykitCircuitBreakerFactory>} bean. */
        @Bean
        @ConditionalOnMissingBean(ReactiveCircuitBreakerFactory.class)
        ReactiveRetrykitCircuitBreakerFactory reactiveRetrykitCircuitBreakerFactory(ServiceRegistry registry,
                ObjectProvider<Customizer<ReactiveRetrykitCircuitBreakerFactory>> customizers) {
            ReactiveRetrykitCircuitBreakerFactory factory = new ReactiveRetrykitCircuitBreakerFactory(registry);
            customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
            return factory;
        }
    }
}
