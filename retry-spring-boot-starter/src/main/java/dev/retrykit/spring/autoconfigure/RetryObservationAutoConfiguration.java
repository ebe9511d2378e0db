package dev.retrykit.spring.autoconfigure;

import dev.retrykit.core.observation.CallObserver;
import dev.retrykit.spring.observation.ObservationCallObserver;
import dev.retrykit.spring.observation.ResendCountObservationFilter;
import dev.retrykit.spring.observation.RetryAttemptObservationConvention;
import dev.retrykit.spring.observation.RetryCallObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Tracing of guarded calls when Micrometer's Observation API is on the classpath and an {@link ObservationRegistry}
 * bean exists (Spring Boot's, with actuator): every call is a {@code retry.call} observation and every attempt a child
 * {@code retry.attempt} observation ({@link ObservationCallObserver}), and HTTP client requests sent by a retry carry
 * {@code http.request.resend_count} ({@link ResendCountObservationFilter}, applied by Spring Boot to its registry).
 * Custom {@link RetryCallObservationConvention} / {@link RetryAttemptObservationConvention} beans replace the default
 * names and keys; a {@link CallObserver} bean of the application's replaces the observer.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnProperty(prefix = "retry", name = "enabled", matchIfMissing = true)
public class RetryObservationAutoConfiguration {

    /**
     * The observer the service registry reports calls to; the {@link ObservationRegistry} is looked up on the first
     * call, so this bean never takes part in the registry's own set-up.
     */
    @Bean
    @ConditionalOnMissingBean(CallObserver.class)
    public ObservationCallObserver retryCallObserver(ObjectProvider<ObservationRegistry> observationRegistry,
                                                     ObjectProvider<RetryCallObservationConvention> callConvention,
                                                     ObjectProvider<RetryAttemptObservationConvention> attemptConvention) {
        return new ObservationCallObserver(observationRegistry::getObject, callConvention.getIfUnique(),
                attemptConvention.getIfUnique());
    }

    /** Marks HTTP client requests sent by attempt 2 or later with OpenTelemetry's {@code http.request.resend_count}. */
    @Bean
    @ConditionalOnMissingBean
    public ResendCountObservationFilter retryResendCountObservationFilter() {
        return new ResendCountObservationFilter();
    }
}
