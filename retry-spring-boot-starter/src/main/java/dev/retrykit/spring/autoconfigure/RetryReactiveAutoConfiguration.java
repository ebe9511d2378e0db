package dev.retrykit.spring.autoconfigure;

import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.spring.reactive.ReactiveRetryOperations;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the reactive programmatic API: a {@link ReactiveRetryOperations} bean when Reactor is on the
 * classpath, guarding {@code Mono}/{@code Flux} publishers under the registry's services.
 */
@AutoConfiguration(after = RetryAutoConfiguration.class)
@ConditionalOnClass(name = "reactor.core.publisher.Mono")
@ConditionalOnBean(ServiceRegistry.class)
public class RetryReactiveAutoConfiguration {

    /** Guards {@code Mono}/{@code Flux} publishers by service name. */
    @Bean
    @ConditionalOnMissingBean
    public ReactiveRetryOperations reactiveRetryOperations(ServiceRegistry registry) {
        return new ReactiveRetryOperations(registry);
    }
}
