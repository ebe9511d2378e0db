package dev.retrykit.spring.autoconfigure;

import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.spring.actuate.RetryEndpoint;
import dev.retrykit.spring.actuate.RetryHealthIndicator;
import dev.retrykit.spring.actuate.RetryLoggingListener;
import dev.retrykit.spring.actuate.RetryStoreStatus;
import dev.retrykit.spring.actuate.RetryUpdateFieldsAdvisor;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of what operators see: the log lines of retries and breaker transitions always, the
 * {@code retry} actuator endpoint when actuator is present and the endpoint is available (enabled and exposed),
 * and the {@code retry} health contributor when the health module is present and
 * {@code management.health.retry.enabled} is not {@code false}; both report the store's {@link RetryStoreStatus}.
 * Every bean backs off when the user defines one of the same type.
 */
@AutoConfiguration(after = RetryAutoConfiguration.class)
@ConditionalOnBean(ServiceRegistry.class)
public class RetryActuatorAutoConfiguration {

    /** Logs retries (WARN) and breaker transitions (INFO); the registry picks it up as a listener. */
    @Bean
    @ConditionalOnMissingBean
    public RetryLoggingListener retrykitLoggingListener() {
        return new RetryLoggingListener();
    }

    /**
     * The store the endpoint and the health contributor report: this JVM's memory, unless a shared store registered
     * its own status.
     */
    @Bean
    @ConditionalOnMissingBean
    public RetryStoreStatus retrykitStoreStatus() {
        return RetryStoreStatus.inMemory();
    }

    /** The {@code retry} endpoint, and the check that refuses unknown fields in its POST body. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    @ConditionalOnAvailableEndpoint(RetryEndpoint.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RetryEndpoint retrykitEndpoint(ServiceRegistry registry, RetryStoreStatus store) {
            return new RetryEndpoint(registry, store);
        }

        @Bean
        @ConditionalOnMissingBean
        RetryUpdateFieldsAdvisor retrykitUpdateFieldsAdvisor() {
            return new RetryUpdateFieldsAdvisor();
        }
    }

    /** The {@code retry} health contributor. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("retry")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "retryHealthIndicator")
        RetryHealthIndicator retryHealthIndicator(ServiceRegistry registry, RetryStoreStatus store,
                                                  RetryProperties properties) {
            return new RetryHealthIndicator(registry, store, properties.getHealth().isDownOnOpen());
        }
    }
}
