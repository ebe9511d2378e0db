package dev.retrykit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.spring.actuate.RetryEndpoint;
import dev.retrykit.spring.actuate.RetryHealthIndicator;
import dev.retrykit.spring.actuate.RetryLoggingListener;
import dev.retrykit.spring.actuate.RetryStoreStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class RetryActuatorAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class, RetryActuatorAutoConfiguration.class))
            .withPropertyValues("retry.services.payments.template=http-api");

    @Test
    void exposedEndpointGetsTheRegistryAndTheInMemoryStore() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=retry").run(context -> {
            assertThat(context).hasSingleBean(RetryEndpoint.class).hasSingleBean(RetryHealthIndicator.class)
                    .hasSingleBean(RetryLoggingListener.class);
            assertThat(context.getBean(RetryStoreStatus.class)).isSameAs(RetryStoreStatus.inMemory());
            RetryEndpoint.RetryDescriptor descriptor = context.getBean(RetryEndpoint.class).retry();
            assertThat(descriptor.services()).containsOnlyKeys("payments");
            assertThat(descriptor.global().store().type()).isEqualTo("memory");
        });
    }

    @Test
    void endpointIsAbsentUnlessExposed() {
        runner.run(context -> assertThat(context).doesNotHaveBean(RetryEndpoint.class)
                .hasSingleBean(RetryHealthIndicator.class).hasSingleBean(RetryLoggingListener.class));
    }

    @Test
    void storeStatusOfAnotherStoreWins() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=retry")
                .withUserConfiguration(RedisStoreStatus.class).run(context -> {
                    assertThat(context).hasSingleBean(RetryStoreStatus.class);
                    RetryEndpoint.StoreSummary store = context.getBean(RetryEndpoint.class).retry().global().store();
                    assertThat(store.type()).isEqualTo("redis");
                    assertThat(store.reachable()).isFalse();
                });
    }

    @Test
    void healthReportsTheStoreWithoutTheEndpoint() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(RetryEndpoint.class);
            assertThat(context.getBean(RetryHealthIndicator.class).health().getDetails().get("store"))
                    .isEqualTo(Map.of("type", "memory", "reachable", true));
        });
    }

    @Test
    void healthReportsTheStatusOfAnotherStoreAndStaysUp() {
        runner.withUserConfiguration(RedisStoreStatus.class).run(context -> {
            Health health = context.getBean(RetryHealthIndicator.class).health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails().get("store")).isEqualTo(Map.of("type", "redis", "reachable", false));
        });
    }

    @Test
    void healthIndicatorCanBeSwitchedOff() {
        runner.withPropertyValues("management.health.retry.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(RetryHealthIndicator.class));
    }

    @Test
    void downOnOpenIsBoundFromTheProperties() {
        runner.withPropertyValues("retry.health.down-on-open=true").run(context -> {
            RetryHealthIndicator indicator = context.getBean(RetryHealthIndicator.class);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

            context.getBean(ServiceRegistry.class).find("payments").circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);

            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void openBreakerStaysUpByDefault() {
        runner.run(context -> {
            context.getBean(ServiceRegistry.class).find("payments").circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);

            assertThat(context.getBean(RetryHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void nothingWithoutTheRegistry() {
        runner.withPropertyValues("retry.enabled=false", "management.endpoints.web.exposure.include=retry")
                .run(context -> assertThat(context).doesNotHaveBean(RetryEndpoint.class)
                        .doesNotHaveBean(RetryHealthIndicator.class).doesNotHaveBean(RetryLoggingListener.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class RedisStoreStatus {

        @Bean
        RetryStoreStatus redisStoreStatus() {
            return new RetryStoreStatus() {
                @Override
                public String type() {
                    return "redis";
                }

                @Override
                public boolean reachable() {
                    return false;
                }
            };
        }
    }
}
