package dev.retrykit.spring.autoconfigure;

import dev.retrykit.spring.web.HttpStatusClassifierProvider;
import dev.retrykit.spring.web.RetryRestClientCustomizer;
import dev.retrykit.spring.web.RetryWebClientCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Auto-configuration of retrykit for Spring's HTTP clients: an {@link HttpStatusClassifierProvider} (retryable status
 * codes, {@code Retry-After}, connection errors) for the service registry, and customizers that make Spring Boot's
 * {@code RestClient.Builder} and {@code WebClient.Builder} send the {@code Idempotency-Key} header of keyed calls.
 * Active when spring-web is on the classpath; the WebClient part also needs spring-webflux and
 * spring-boot-webclient, the RestClient customizer spring-boot-restclient. Switched off by
 * {@code retry.enabled=false}. Every bean backs off when the user defines one of the same type.
 */
@AutoConfiguration
@ConditionalOnClass(RestClient.class)
@ConditionalOnProperty(prefix = "retry", name = "enabled", matchIfMissing = true)
public class RetryHttpAutoConfiguration {

    /** Classifies RestClient (and, when present, WebClient) failures by status code. */
    @Bean
    @ConditionalOnMissingBean
    public HttpStatusClassifierProvider retrykitHttpStatusClassifierProvider(ResourceLoader resourceLoader) {
        return new HttpStatusClassifierProvider(resourceLoader.getClassLoader());
    }

    /** The {@code Idempotency-Key} header on clients built from Spring Boot's {@code RestClient.Builder}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RestClientCustomizer.class)
    static class RestClientIntegration {

        @Bean
        @ConditionalOnMissingBean
        RetryRestClientCustomizer retrykitRestClientCustomizer() {
            return new RetryRestClientCustomizer();
        }
    }

    /** The {@code Idempotency-Key} header on clients built from Spring Boot's {@code WebClient.Builder}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({WebClient.class, WebClientCustomizer.class})
    static class WebClientIntegration {

        @Bean
        @ConditionalOnMissingBean
        RetryWebClientCustomizer retrykitWebClientCustomizer() {
            return new RetryWebClientCustomizer();
        }
    }
}
