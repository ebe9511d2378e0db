package dev.retrykit.spring.cloud.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.core.CircuitOpenException;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.spring.autoconfigure.RetryAutoConfiguration;
import dev.retrykit.spring.autoconfigure.RetryHttpAutoConfiguration;
import dev.retrykit.spring.cloud.circuitbreaker.autoconfigure.RetrykitCircuitBreakerAutoConfiguration;
import dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.client.circuitbreaker.NoFallbackAvailableException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Spring Cloud CircuitBreaker's blocking usage on retrykit, in one shared context. */
@SpringBootTest(classes = RetrykitCircuitBreakerFactoryTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"retry.templates.fast.based-on=microservice", "retry.templates.fast.strategy=fixed",
                "retry.templates.fast.base-delay=1ms", "retry.templates.fast.max-delay=1ms", "retry.default-template=fast",
                "retry.services.fragile.template=fast", "retry.services.fragile.max-attempts=1",
                "retry.services.fragile.circuit-breaker.minimum-calls=2",
                "retry.services.fragile.circuit-breaker.sliding-window-size=2",
                "retry.services.fragile.circuit-breaker.wait-in-open=10m",
                "retry.services.fragile.circuit-breaker.max-wait-in-open=10m",
                "retry.services.configured.template=fast", "retry.services.configured.max-attempts=2"})
class RetrykitCircuitBreakerFactoryTest {

    @Autowired
    CircuitBreakerFactory<?, ?> factory;

    @Autowired
    ServiceRegistry registry;

    @Test
    void theFactoryIsRetrykits() {
        assertThat(factory).isInstanceOf(RetrykitCircuitBreakerFactory.class);
    }

    @Test
    void runRetriesTheSupplierUntilItSucceeds() {
        FlakyCalls upstream = FlakyCalls.failingFirst(2);

        String value = factory.create("orders").run(() -> upstream.call("ok"), failure -> "fallback");

        assertThat(value).isEqualTo("ok");
        assertThat(upstream.calls()).isEqualTo(3);
        assertThat(registry.find("orders").statistics().count(Outcome.SUCCESS_AFTER_RETRY)).isEqualTo(1);
    }

    @Test
    void fallbackServesWhatTheRetriesCouldNotSave() {
        FlakyCalls upstream = FlakyCalls.down();
        AtomicReference<Throwable> seen = new AtomicReference<>();

        String value = factory.create("catalog").run(() -> upstream.call("ok"), failure -> {
            seen.set(failure);
            return "fallback";
        });

        assertThat(value).isEqualTo("fallback");
        assertThat(upstream.calls()).isEqualTo(3);
        assertThat(seen.get()).isInstanceOf(UncheckedIOException.class).hasMessageContaining("down 3");
        assertThat(registry.find("catalog").statistics().count(Outcome.FALLBACK)).isEqualTo(1);
    }

    @Test
    void runWithoutFallbackThrowsNoFallbackAvailableWithTheLastFailureAndKeepsTheOutcome() {
        FlakyCalls upstream = FlakyCalls.down();

        assertThatThrownBy(() -> factory.create("billing").run(() -> upstream.call("ok")))
                .isInstanceOf(NoFallbackAvailableException.class)
                .cause().isInstanceOf(UncheckedIOException.class).hasMessageContaining("down 3");
        assertThat(registry.find("billing").statistics().count(Outcome.EXHAUSTED)).isEqualTo(1);
        assertThat(registry.find("billing").statistics().count(Outcome.FALLBACK)).isZero();
    }

    @Test
    void aNonRetryableFailureGoesStraightToTheFallback() {
        AtomicReference<Integer> calls = new AtomicReference<>(0);

        String value = factory.create("pricing").run(() -> {
            calls.set(calls.get() + 1);
            throw new IllegalArgumentException("bad sku");
        }, failure -> failure.getMessage());

        assertThat(value).isEqualTo("bad sku");
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void anOpenBreakerRejectsWithoutCallingAndHandsTheRejectionToTheFallback() {
        FlakyCalls upstream = FlakyCalls.down();
        for (int i = 0; i < 2; i++) {
            factory.create("fragile").run(() -> upstream.call("ok"), failure -> "fallback");
        }
        assertThat(registry.find("fragile").circuitBreaker().state()).isEqualTo(CircuitState.OPEN);
        AtomicReference<Throwable> seen = new AtomicReference<>();

        String value = factory.create("fragile").run(() -> upstream.call("ok"), failure -> {
            seen.set(failure);
            return "fallback";
        });

        assertThat(value).isEqualTo("fallback");
        assertThat(upstream.calls()).isEqualTo(2);
        assertThat(seen.get()).isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void aCustomizerConfiguresIdsTheSpringCloudWay() {
        FlakyCalls upstream = FlakyCalls.down();

        factory.create("five-tries").run(() -> upstream.call("ok"), failure -> "fallback");

        assertThat(upstream.calls()).isEqualTo(5);
    }

    @Test
    void aCustomizerNamingAGroupConfiguresEveryIdOfThatGroup() {
        FlakyCalls upstream = FlakyCalls.down();

        factory.create("audit", "single-shot").run(() -> upstream.call("ok"), failure -> "fallback");

        assertThat(upstream.calls()).isEqualTo(1);
    }

    @Test
    void retryOnAddsExceptionTypesForOneBreaker() {
        AtomicReference<Integer> calls = new AtomicReference<>(0);

        String value = factory.create("lenient").run(() -> {
            calls.set(calls.get() + 1);
            throw new IllegalStateException("busy");
        }, failure -> "fallback");

        assertThat(value).isEqualTo("fallback");
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void aGroupNamingATemplateIsTheTemplateOfAnUnconfiguredService() {
        factory.create("sessions", "cache").run(() -> "ok");

        assertThat(registry.find("sessions").policy().template()).isEqualTo("cache");
    }

    @Test
    void aServiceConfiguredInRetryServicesKeepsItsPolicyWhateverTheGroup() {
        FlakyCalls upstream = FlakyCalls.down();

        factory.create("configured", "cache").run(() -> upstream.call("ok"), failure -> "fallback");

        assertThat(upstream.calls()).isEqualTo(2);
        assertThat(registry.find("configured").policy().template()).isEqualTo("fast");
    }

    @Test
    void anUnknownTemplateFailsNamingTheKnownOnes() {
        RetrykitCircuitBreakerFactory own = new RetrykitCircuitBreakerFactory(registry);
        own.configure(builder -> builder.template("htp-api"), "typo");

        assertThatThrownBy(() -> own.create("typo"))
                .isInstanceOf(InvalidRetryConfigurationException.class)
                .hasMessageContaining("circuit breaker 'typo' template")
                .hasMessageContaining("htp-api")
                .hasMessageContaining("http-api");
    }

    @Test
    void theDefaultConfigurationAppliesToIdsNobodyConfigured() {
        RetrykitCircuitBreakerFactory own = new RetrykitCircuitBreakerFactory(registry);
        own.configureDefault(id -> new RetrykitConfigBuilder(id).withoutRetries().build());
        FlakyCalls upstream = FlakyCalls.down();

        own.create("newsletter").run(() -> upstream.call("ok"), failure -> "fallback");

        assertThat(upstream.calls()).isEqualTo(1);
    }

    @Test
    void createIsCachedPerIdSoCallingItPerRequestIsCheap() {
        assertThat(factory.create("orders")).isSameAs(factory.create("orders"));
        assertThat(factory.create("orders", "cache")).isNotSameAs(factory.create("orders"));
    }

    @Test
    void theMigrationSnippetRunsUnchanged() {
        InventoryClient client = new InventoryClient(factory, FlakyCalls.failingFirst(1));

        assertThat(client.stock("ACME")).isEqualTo(42);
        assertThat(registry.find("inventory").statistics().count(Outcome.SUCCESS_AFTER_RETRY)).isEqualTo(1);
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({RetryAutoConfiguration.class, RetryHttpAutoConfiguration.class,
            RetrykitCircuitBreakerAutoConfiguration.class})
    static class App {

        @Bean
        Customizer<RetrykitCircuitBreakerFactory> fiveTries() {
            return factory -> factory.configure(builder -> builder.maxAttempts(5), "five-tries");
        }

        @Bean
        Customizer<RetrykitCircuitBreakerFactory> lenient() {
            return factory -> factory.configure(builder -> builder.retryOn(IllegalStateException.class), "lenient");
        }

        @Bean
        Customizer<RetrykitCircuitBreakerFactory> singleShotGroup() {
            return factory -> factory.configure(RetrykitConfigBuilder::withoutRetries, "single-shot");
        }
    }
}
