package dev.retrykit.spring.cloud.circuitbreaker.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.spring.autoconfigure.RetryAutoConfiguration;
import dev.retrykit.spring.cloud.circuitbreaker.ReactiveRetrykitCircuitBreakerFactory;
import dev.retrykit.spring.cloud.circuitbreaker.RetrykitCircuitBreakerFactory;
import dev.retrykit.spring.cloud.circuitbreaker.gateway.RetrykitCircuitBreakerFilterFactory;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.ConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.cloud.gateway.filter.factory.FallbackHeadersGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.SpringCloudCircuitBreakerFilterFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/** When retrykit becomes the Spring Cloud CircuitBreaker implementation, and when it backs off. */
class RetrykitCircuitBreakerAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
            RetryAutoConfiguration.class, RetrykitCircuitBreakerAutoConfiguration.class,
            RetrykitGatewayCircuitBreakerAutoConfiguration.class));

    @Test
    void providesBothFactoriesAndTheGatewayFilters() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(RetrykitCircuitBreakerFactory.class);
            assertThat(context).hasSingleBean(ReactiveRetrykitCircuitBreakerFactory.class);
            assertThat(context).hasSingleBean(RetrykitCircuitBreakerFilterFactory.class);
            assertThat(context).hasSingleBean(FallbackHeadersGatewayFilterFactory.class);
        });
    }

    @Test
    void withoutReactorOnlyTheBlockingFactoryIsProvided() {
        runner.withClassLoader(new FilteredClassLoader(Mono.class)).run(context -> {
            assertThat(context).hasSingleBean(RetrykitCircuitBreakerFactory.class);
            assertThat(context).doesNotHaveBean(ReactiveCircuitBreakerFactory.class);
            assertThat(context).doesNotHaveBean(SpringCloudCircuitBreakerFilterFactory.class);
        });
    }

    @Test
    void backsOffWhenTheApplicationHasItsOwnFactory() {
        runner.withUserConfiguration(OwnFactory.class).run(context -> {
            assertThat(context).hasSingleBean(CircuitBreakerFactory.class);
            assertThat(context).doesNotHaveBean(RetrykitCircuitBreakerFactory.class);
        });
    }

    @Test
    void switchedOffByItsProperty() {
        runner.withPropertyValues("spring.cloud.circuitbreaker.retrykit.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(CircuitBreakerFactory.class);
            assertThat(context).doesNotHaveBean(ReactiveCircuitBreakerFactory.class);
            assertThat(context).doesNotHaveBean(SpringCloudCircuitBreakerFilterFactory.class);
        });
    }

    @Test
    void switchedOffWithRetrykit() {
        runner.withPropertyValues("retry.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(CircuitBreakerFactory.class);
            assertThat(context).doesNotHaveBean(ReactiveCircuitBreakerFactory.class);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFactory {

        @Bean
        CircuitBreakerFactory<Object, ConfigBuilder<Object>> ownCircuitBreakerFactory() {
            return new CircuitBreakerFactory<>() {
                @Override
                public CircuitBreaker create(String id) {
                    return new CircuitBreaker() {
                        @Override
                        public <T> T run(Supplier<T> toRun, Function<Throwable, T> fallback) {
                            return toRun.get();
                        }
                    };
                }

                @Override
                protected ConfigBuilder<Object> configBuilder(String id) {
                    return Object::new;
                }

                @Override
                public void configureDefault(Function<String, Object> defaultConfiguration) {
                }
            };
        }
    }
}
