package dev.retrykit.spring.cloud.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.spring.autoconfigure.RetryAutoConfiguration;
import dev.retrykit.spring.autoconfigure.RetryHttpAutoConfiguration;
import dev.retrykit.spring.cloud.circuitbreaker.autoconfigure.RetrykitCircuitBreakerAutoConfiguration;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.client.circuitbreaker.NoFallbackAvailableException;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Spring Cloud CircuitBreaker's reactive usage on retrykit, in one shared context. */
@SpringBootTest(classes = ReactiveRetrykitCircuitBreakerFactoryTest.App.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"retry.templates.fast.based-on=microservice", "retry.templates.fast.strategy=fixed",
                "retry.templates.fast.base-delay=1ms", "retry.templates.fast.max-delay=1ms", "retry.default-template=fast"})
class ReactiveRetrykitCircuitBreakerFactoryTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @Autowired
    ReactiveCircuitBreakerFactory<?, ?> factory;

    @Autowired
    ServiceRegistry registry;

    @Test
    void theFactoryIsRetrykits() {
        assertThat(factory).isInstanceOf(ReactiveRetrykitCircuitBreakerFactory.class);
    }

    @Test
    void aMonoIsSubscribedAgainUntilItSucceeds() {
        FlakyCalls upstream = FlakyCalls.failingFirst(2);

        StepVerifier.create(factory.create("quotes").run(Mono.fromCallable(() -> upstream.call("ok")),
                        failure -> Mono.just("fallback")))
                .expectNext("ok").expectComplete().verify(BOUND);

        assertThat(upstream.calls()).isEqualTo(3);
        assertThat(registry.find("quotes").statistics().count(Outcome.SUCCESS_AFTER_RETRY)).isEqualTo(1);
    }

    @Test
    void aMonoFallbackServesWhatTheRetriesCouldNotSave() {
        FlakyCalls upstream = FlakyCalls.down();

        StepVerifier.create(factory.create("rates").run(Mono.fromCallable(() -> upstream.call("ok")),
                        failure -> Mono.delay(Duration.ofMillis(1)).map(tick -> "fallback after " + failure.getMessage())))
                .expectNext("fallback after java.io.IOException: down 3").expectComplete().verify(BOUND);

        assertThat(registry.find("rates").statistics().count(Outcome.FALLBACK)).isEqualTo(1);
    }

    @Test
    void anErrorFallbackIsNoFallbackValueAndKeepsTheCallsOwnOutcome() {
        FlakyCalls upstream = FlakyCalls.down();

        StepVerifier.create(factory.create("ledger").run(Mono.fromCallable(() -> upstream.call("ok")), Mono::error))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(UncheckedIOException.class)
                        .hasMessageContaining("down 3"))
                .verify(BOUND);

        assertThat(registry.find("ledger").statistics().count(Outcome.EXHAUSTED)).isEqualTo(1);
        assertThat(registry.find("ledger").statistics().count(Outcome.FALLBACK)).isZero();
    }

    @Test
    void runWithoutFallbackFailsWithNoFallbackAvailable() {
        FlakyCalls upstream = FlakyCalls.down();

        StepVerifier.create(factory.create("notes").run(Mono.fromCallable(() -> upstream.call("ok"))))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(NoFallbackAvailableException.class)
                        .cause().isInstanceOf(UncheckedIOException.class))
                .verify(BOUND);
    }

    @Test
    void anEmptyMonoCompletesEmpty() {
        StepVerifier.create(factory.create("void").run(Mono.<String>empty(), failure -> Mono.just("fallback")))
                .expectComplete().verify(BOUND);
    }

    @Test
    void aFluxIsRetriedWholeAndNeverEmitsDuplicates() {
        AtomicInteger subscriptions = new AtomicInteger();
        Flux<Integer> flaky = Flux.defer(() -> subscriptions.incrementAndGet() < 3
                ? Flux.just(1, 2).concatWith(Flux.error(new UncheckedIOException(new java.io.IOException("cut"))))
                : Flux.just(1, 2, 3));

        StepVerifier.create(factory.create("stream").run(flaky, failure -> Flux.just(-1)))
                .expectNext(1, 2, 3).expectComplete().verify(BOUND);

        assertThat(subscriptions.get()).isEqualTo(3);
    }

    @Test
    void aFluxFallbackServesWhatTheRetriesCouldNotSave() {
        Flux<Integer> down = Flux.error(new UncheckedIOException(new java.io.IOException("down")));

        StepVerifier.create(factory.create("feed").run(down, failure -> Flux.just(7, 8)))
                .expectNext(7, 8).expectComplete().verify(BOUND);
    }

    @Test
    void everyAttemptSeesTheSubscribersContext() {
        FlakyCalls upstream = FlakyCalls.failingFirst(2);
        List<Object> seen = new CopyOnWriteArrayList<>();
        Mono<String> reading = Mono.deferContextual(context -> {
            seen.add(context.get("tenant"));
            return Mono.fromCallable(() -> upstream.call("ok"));
        });

        StepVerifier.create(factory.create("tenants").run(reading, failure -> Mono.just("fallback"))
                        .contextWrite(context -> context.put("tenant", "acme")))
                .expectNext("ok").expectComplete().verify(BOUND);

        assertThat(seen).containsExactly("acme", "acme", "acme");
    }

    @Test
    void aCustomizerConfiguresIdsTheSpringCloudWay() {
        FlakyCalls upstream = FlakyCalls.down();

        StepVerifier.create(factory.create("reactive-single").run(Mono.fromCallable(() -> upstream.call("ok")),
                        failure -> Mono.just("fallback")))
                .expectNext("fallback").expectComplete().verify(BOUND);

        assertThat(upstream.calls()).isEqualTo(1);
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({RetryAutoConfiguration.class, RetryHttpAutoConfiguration.class,
            RetrykitCircuitBreakerAutoConfiguration.class})
    static class App {

        @Bean
        Customizer<ReactiveRetrykitCircuitBreakerFactory> singleShot() {
            return factory -> factory.configure(RetrykitConfigBuilder::withoutRetries, "reactive-single");
        }
    }
}
