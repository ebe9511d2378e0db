package dev.retrykit.spring.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.CircuitOpenException;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.spring.autoconfigure.RetryAutoConfiguration;
import dev.retrykit.spring.autoconfigure.RetryReactiveAutoConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/** The reactive programmatic API, auto-configured, against services configured under {@code retry.services}. */
class ReactiveRetryOperationsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class, RetryReactiveAutoConfiguration.class))
            .withPropertyValues("retry.services.quotes.max-attempts=3", "retry.services.quotes.strategy=fixed",
                    "retry.services.quotes.base-delay=5ms", "retry.services.quotes.max-delay=5ms",
                    "retry.services.quotes.retryable-exceptions=java.io.IOException");

    private final AtomicInteger subscriptions = new AtomicInteger();

    private Mono<String> failingFirst(int failures) {
        return Mono.defer(() -> subscriptions.incrementAndGet() <= failures
                ? Mono.error(new IOException("down")) : Mono.just("quote"));
    }

    @Test
    void isAutoConfiguredWhenReactorIsPresent() {
        runner.run(context -> assertThat(context).hasSingleBean(ReactiveRetryOperations.class));
        runner.withClassLoader(new FilteredClassLoader(Mono.class))
                .run(context -> assertThat(context).doesNotHaveBean(ReactiveRetryOperations.class));
        runner.withBean("mine", ReactiveRetryOperations.class, () -> new ReactiveRetryOperations(ServiceRegistry.builder().build()))
                .run(context -> assertThat(context).hasSingleBean(ReactiveRetryOperations.class).hasBean("mine"));
    }

    @Test
    void aGuardedMonoIsRetriedUnderTheConfiguredPolicy() {
        runner.run(context -> {
            ReactiveRetryOperations operations = context.getBean(ReactiveRetryOperations.class);

            StepVerifier.create(operations.guard("quotes", failingFirst(2))).expectNext("quote").expectComplete()
                    .verify(WAIT);

            assertThat(subscriptions).hasValue(3);
            assertThat(context.getBean(ServiceRegistry.class).service("quotes").statistics()
                    .count(Outcome.SUCCESS_AFTER_RETRY)).isEqualTo(1);
        });
    }

    @Test
    void theFallbackAnswersWithTheSubscribersContextWhenRetriesRunOut() {
        runner.run(context -> {
            ReactiveRetryOperations operations = context.getBean(ReactiveRetryOperations.class);

            Mono<String> guarded = operations.guard("quotes", failingFirst(10), failure -> Mono.deferContextual(ctx ->
                    Mono.just("cached for " + ctx.get("tenant") + " after " + failure.getMessage())));

            StepVerifier.create(guarded.contextWrite(Context.of("tenant", "acme")))
                    .expectNext("cached for acme after down").expectComplete().verify(WAIT);
            assertThat(subscriptions).hasValue(3);
        });
    }

    @Test
    void anOpenBreakerRejectsWithoutSubscribingTheSource() {
        runner.run(context -> {
            ReactiveRetryOperations operations = context.getBean(ReactiveRetryOperations.class);
            context.getBean(ServiceRegistry.class).service("quotes").circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);

            StepVerifier.create(operations.guard("quotes", failingFirst(0))).expectError(CircuitOpenException.class)
                    .verify(WAIT);
            StepVerifier.create(operations.guard("quotes", failingFirst(0), failure -> Mono.just("degraded")))
                    .expectNext("degraded").expectComplete().verify(WAIT);
            assertThat(subscriptions).hasValue(0);
        });
    }

    @Test
    void aGuardedFluxEmitsTheSucceedingAttemptsElementsOnce() {
        runner.run(context -> {
            ReactiveRetryOperations operations = context.getBean(ReactiveRetryOperations.class);
            Flux<String> source = Flux.defer(() -> subscriptions.incrementAndGet() == 1
                    ? Flux.concat(Flux.just("a"), Flux.error(new IOException("cut")))
                    : Flux.just("a", "b", "c"));

            StepVerifier.create(operations.guard("quotes", source)).expectNext("a", "b", "c").expectComplete().verify(WAIT);
            assertThat(subscriptions).hasValue(2);
        });
    }

    @Test
    void aFluxFallbackAnswersAFluxThatFailsForGood() {
        runner.run(context -> {
            ReactiveRetryOperations operations = context.getBean(ReactiveRetryOperations.class);

            Flux<String> guarded = operations.guard("quotes", Flux.<String>error(new IOException("down")),
                    failure -> Flux.just("x", "y"));

            StepVerifier.create(guarded).expectNext("x", "y").expectComplete().verify(WAIT);
        });
    }

    @Test
    void anUnconfiguredServiceGetsTheDefaultTemplate() {
        runner.run(context -> {
            ReactiveRetryOperations operations = context.getBean(ReactiveRetryOperations.class);

            StepVerifier.create(operations.guard("adhoc", Mono.just("ok"))).expectNext("ok").expectComplete().verify(WAIT);
            assertThat(context.getBean(ServiceRegistry.class).find("adhoc")).isNotNull();
        });
    }
}
