package dev.retrykit.spring.autoconfigure;

import dev.retrykit.core.backoff.BackoffStrategies;
import dev.retrykit.core.backoff.BackoffStrategyFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of retrykit's policies: binds {@link RetryProperties} and resolves them into
 * {@link RetryPolicies}. Creating that bean validates the whole {@code retry.*} configuration, so an invalid
 * value fails startup with an {@link dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException}.
 * Switched off by {@code retry.enabled=false}. Every bean backs off when the user defines one of the same type.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "retry", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(RetryProperties.class)
public class RetryAutoConfiguration {

    /** The built-in backoff strategies plus every {@link BackoffStrategyFactory} bean, in order. */
    @Bean
    @ConditionalOnMissingBean
    public BackoffStrategies retryBackoffStrategies(ObjectProvider<BackoffStrategyFactory> customStrategies) {
        BackoffStrategies strategies = BackoffStrategies.builtIn();
        for (BackoffStrategyFactory custom : customStrategies.orderedStream().toList()) {
            strategies = strategies.with(custom);
        }
        return strategies;
    }

    /** The validated templates and service policies; fails startup on any invalid value. */
    @Bean
    @ConditionalOnMissingBean
    public RetryPolicies retryPolicies(RetryProperties properties, BackoffStrategies strategies, ResourceLoader resourceLoader) {
        return new PolicyResolver(strategies, resourceLoader.getClassLoader()).resolve(properties);
    }
}
