package dev.retrykit.spring.cloud.circuitbreaker.autoconfigure;

import dev.retrykit.spring.cloud.circuitbreaker.ReactiveRetrykitCircuitBreakerFactory;
import dev.retrykit.spring.cloud.circuitbreaker.gateway.RetrykitCircuitBreakerFilterFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.gateway.filter.factory.FallbackHeadersGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.SpringCloudCircuitBreakerFilterFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.DispatcherHandler;

/**
 * Registers Spring Cloud Gateway's {@code CircuitBreaker} and {@code FallbackHeaders} route filters on retrykit's
 * reactive factory, which the gateway itself only does for Resilience4j. Active with the WebFlux gateway on the
 * classpath and retrykit's reactive factory in the context; each filter backs off when one is already defined.
 */
@AutoConfiguration(after = RetrykitCircuitBreakerAutoConfiguration.class)
@ConditionalOnClass({DispatcherHandler.class, SpringCloudCircuitBreakerFilterFactory.class})
@ConditionalOnBean(ReactiveRetrykitCircuitBreakerFactory.class)
public class RetrykitGatewayCircuitBreakerAutoConfiguration {

    /** The {@code CircuitBreaker} route filter. */
    @Bean
    @ConditionalOnMissingBean(SpringCloudCircuitBreakerFilterFactory.class)
    public RetrykitCircuitBreakerFilterFactory retrykitCircuitBreakerFilterFactory(
            ReactiveRetrykitCircuitBreakerFactory factory, ObjectProvider<DispatcherHandler> dispatcherHandler) {
        return new RetrykitCircuitBreakerFilterFactory(factory, dispatcherHandler);
    }

    /** The {@code FallbackHeaders} route filter, which tells a fallback route why it was called. */
    @Bean
    @ConditionalOnMissingBean
    public FallbackHeadersGatewayFilterFactory fallbackHeadersGatewayFilterFactory() {
        return new FallbackHeadersGatewayFilterFactory();
    }
}
