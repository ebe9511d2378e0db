package dev.retrykit.spring.aop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.annotation.CircuitGuarded;
import dev.retrykit.annotation.Fallback;
import dev.retrykit.annotation.Retryable;
import dev.retrykit.core.CircuitOpenException;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.spring.autoconfigure.RetryAopAutoConfiguration;
import dev.retrykit.spring.autoconfigure.RetryAutoConfiguration;
import dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

class RetryAnnotationsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class, RetryAopAutoConfiguration.class))
            .withPropertyValues("retry.services.flaky.strategy=fixed", "retry.services.flaky.base-delay=1ms",
                    "retry.services.flaky.max-delay=1ms", "retry.services.flaky.max-attempts=3",
                    "retry.services.flaky.retryable-exceptions=java.io.IOException");

    @Test
    void retryableMethodIsRetriedUntilItSucceeds() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            FlakyClient client = context.getBean(FlakyClient.class);
            client.failNext(2);

            assertThat(AopUtils.isAopProxy(client)).isTrue();
            assertThat(client.fetch("ACME")).isEqualTo("quote:ACME");
            assertThat(client.calls()).isEqualTo(3);
            assertThat(context.getBean(ServiceRegistry.class).find("flaky").statistics().count(Outcome.SUCCESS_AFTER_RETRY))
                    .isEqualTo(1);
        });
    }

    @Test
    void lastOriginalCheckedExceptionIsRethrownUnwrapped() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            FlakyClient client = context.getBean(FlakyClient.class);
            client.failNext(10);

            assertThatThrownBy(() -> client.fetch("ACME")).isInstanceOf(IOException.class).hasMessage("down 3")
                    .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2));
        });
    }

    @Test
    void annotationAttributesOverrideTheConfiguredAttempts() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            FlakyClient client = context.getBean(FlakyClient.class);
            client.failNext(10);

            assertThatThrownBy(() -> client.fetchFiveTimes("ACME")).isInstanceOf(IOException.class);
            assertThat(client.calls()).isEqualTo(5);
        });
    }

    @Test
    void circuitGuardedMakesOneAttemptAndRejectsWhileOpen() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            FlakyClient client = context.getBean(FlakyClient.class);
            client.failNext(1);

            assertThatThrownBy(() -> client.guarded("ACME")).isInstanceOf(IOException.class);
            assertThat(client.calls()).isEqualTo(1);
            context.getBean(ServiceRegistry.class).find("flaky").circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);
            assertThatThrownBy(() -> client.guarded("ACME")).isInstanceOf(CircuitOpenException.class);
            assertThat(client.calls()).isEqualTo(1);
        });
    }

    @Test
    void fallbackMethodReceivesTheArgumentsAndTheFailure() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            FlakyClient client = context.getBean(FlakyClient.class);
            client.failNext(10);

            assertThat(client.withFallback("ACME")).isEqualTo("fallback:ACME:IOException");
            assertThat(context.getBean(ServiceRegistry.class).find("flaky").statistics().count(Outcome.FALLBACK)).isEqualTo(1);
        });
    }

    @Test
    void staleCacheServesTheLastGoodValueOnFailure() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            FlakyClient client = context.getBean(FlakyClient.class);
            assertThat(client.cached("ACME")).isEqualTo("quote:ACME#1");

            client.failNext(100);
            assertThat(client.cached("ACME")).isEqualTo("quote:ACME#1");
            assertThatThrownBy(() -> client.cached("OTHER")).isInstanceOf(IOException.class);
        });
    }

    @Test
    void retryOnResultRetriesWhileTheExpressionHolds() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            FlakyClient client = context.getBean(FlakyClient.class);

            assertThat(client.pollStatus("job-1")).isEqualTo("DONE");
            assertThat(client.calls()).isEqualTo(3);
        });
    }

    @Test
    void idempotencyKeyRunsTheCallOncePerKey() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            FlakyClient client = context.getBean(FlakyClient.class);

            assertThat(client.pay("order-1", 10)).isEqualTo("paid#1");
            assertThat(client.pay("order-1", 10)).isEqualTo("paid#1");
            assertThat(client.pay("order-2", 10)).isEqualTo("paid#2");
        });
    }

    @Test
    void completableFutureMethodsRetryWithoutBlocking() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            FlakyClient client = context.getBean(FlakyClient.class);
            client.failNext(2);

            assertThat(client.fetchAsync("ACME").get(10, TimeUnit.SECONDS)).isEqualTo("quote:ACME");
            assertThat(client.calls()).isEqualTo(3);
        });
    }

    @Test
    void monoMethodsAreRetriedPerSubscription() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            FlakyClient client = context.getBean(FlakyClient.class);
            client.failNext(2);

            assertThat(client.fetchMono("ACME").block(Duration.ofSeconds(10))).isEqualTo("quote:ACME");
            assertThat(client.calls()).isEqualTo(3);
        });
    }

    @Test
    void fluxMethodsAreRetriedWithoutEmittingDuplicates() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            FlakyClient client = context.getBean(FlakyClient.class);
            client.failNext(1);

            assertThat(client.fetchFlux("ACME").collectList().block(Duration.ofSeconds(10)))
                    .containsExactly("ACME-1", "ACME-2");
            assertThat(client.calls()).isEqualTo(2);
        });
    }

    @Test
    void everyMonoAttemptSeesTheSubscribersContext() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            FlakyClient client = context.getBean(FlakyClient.class);
            client.failNext(2);

            StepVerifier.create(client.tenantMono().contextWrite(Context.of("tenant", "acme")))
                    .expectNext("tenant:acme").expectComplete().verify(Duration.ofSeconds(10));
            assertThat(client.seenTenants()).containsExactly("acme", "acme", "acme");
        });
    }

    @Test
    void everyFluxAttemptSeesTheSubscribersContext() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            FlakyClient client = context.getBean(FlakyClient.class);
            client.failNext(2);

            StepVerifier.create(client.tenantFlux().contextWrite(Context.of("tenant", "acme")))
                    .expectNext("acme-1", "acme-2").expectComplete().verify(Duration.ofSeconds(10));
            assertThat(client.seenTenants()).containsExactly("acme", "acme", "acme");
        });
    }

    @Test
    void reactiveFallbackSeesTheSubscribersContext() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            FlakyClient client = context.getBean(FlakyClient.class);
            client.failNext(10);

            StepVerifier.create(client.tenantMonoWithFallback().contextWrite(Context.of("tenant", "acme")))
                    .expectNext("fallback:acme").expectComplete().verify(Duration.ofSeconds(10));
            StepVerifier.create(client.tenantFluxWithFallback().contextWrite(Context.of("tenant", "acme")))
                    .expectNext("fallback:acme").expectComplete().verify(Duration.ofSeconds(10));
            assertThat(client.seenTenants()).hasSize(8).containsOnly("acme"); // three attempts and the fallback, twice
        });
    }

    @Test
    void disposingAMonoSubscriptionCancelsTheAttemptInFlight() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            FlakyClient client = context.getBean(FlakyClient.class);

            Disposable subscription = client.hangingMono().subscribe();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(client::attemptSubscribed);
            subscription.dispose();

            Awaitility.await().atMost(Duration.ofSeconds(5)).until(client::attemptCancelled);
            assertThat(client.calls()).isEqualTo(1);
        });
    }

    @Test
    void cancellingAFluxSubscriptionCancelsTheAttemptInFlight() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            FlakyClient client = context.getBean(FlakyClient.class);

            StepVerifier.create(client.hangingFlux()).expectSubscription()
                    .then(() -> Awaitility.await().atMost(Duration.ofSeconds(5)).until(client::attemptSubscribed))
                    .thenCancel().verify(Duration.ofSeconds(10));

            Awaitility.await().atMost(Duration.ofSeconds(5)).until(client::attemptCancelled);
            assertThat(client.calls()).isEqualTo(1);
        });
    }

    @Test
    void chaosInjectsTheConfiguredFailureIntoEveryAttempt() {
        runner.withUserConfiguration(Beans.class)
                .withPropertyValues("retry.chaos.enabled=true", "retry.chaos.services.flaky.failure-rate=1.0",
                        "retry.chaos.services.flaky.exception=java.net.ConnectException")
                .run(context -> {
                    FlakyClient client = context.getBean(FlakyClient.class);

                    assertThatThrownBy(() -> client.fetch("ACME")).isInstanceOf(java.net.ConnectException.class)
                            .hasMessageContaining("chaos");
                    assertThat(client.calls()).isZero();
                    assertThat(context.getBean(ServiceRegistry.class).find("flaky").statistics().retries()).isEqualTo(2);
                });
    }

    @Test
    void chaosFailsEveryAttemptOfAMonoMethodBeforeItIsInvoked() {
        runner.withUserConfiguration(Beans.class)
                .withPropertyValues("retry.chaos.enabled=true", "retry.chaos.services.flaky.failure-rate=1.0",
                        "retry.chaos.services.flaky.latency=20ms",
                        "retry.chaos.services.flaky.exception=java.net.ConnectException")
                .run(context -> {
                    FlakyClient client = context.getBean(FlakyClient.class);

                    StepVerifier.create(client.fetchMono("ACME"))
                            .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(java.net.ConnectException.class)
                                    .hasMessageContaining("chaos"))
                            .verify(Duration.ofSeconds(10));
                    assertThat(client.calls()).isZero();
                    assertThat(context.getBean(ServiceRegistry.class).find("flaky").statistics().retries()).isEqualTo(2);
                });
    }

    @Test
    void chaosLatencyDelaysAMonoMethodsAttemptWithoutFailingIt() {
        runner.withUserConfiguration(Beans.class)
                .withPropertyValues("retry.chaos.enabled=true", "retry.chaos.services.flaky.latency=20ms")
                .run(context -> {
                    FlakyClient client = context.getBean(FlakyClient.class);

                    assertThat(client.fetchMono("ACME").block(Duration.ofSeconds(10))).isEqualTo("quote:ACME");
                    assertThat(client.calls()).isEqualTo(1);
                });
    }

    @Test
    void chaosIsOffUnlessEnabled() {
        runner.withUserConfiguration(Beans.class)
                .withPropertyValues("retry.chaos.services.flaky.failure-rate=1.0",
                        "retry.chaos.services.flaky.exception=java.net.ConnectException")
                .run(context -> assertThat(context.getBean(FlakyClient.class).fetch("ACME")).isEqualTo("quote:ACME"));
    }

    @Test
    void typeLevelAnnotationGuardsPublicMethods() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            TypeAnnotated bean = context.getBean(TypeAnnotated.class);

            assertThat(bean.work()).isEqualTo("ok after 2");
        });
    }

    @Test
    void springFrameworksOwnRetryableIsNotTheOneActing() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            FlakyClient client = context.getBean(FlakyClient.class);
            client.failNext(1);

            assertThatThrownBy(() -> client.springRetryable()).isInstanceOf(IOException.class);
            assertThat(client.calls()).isEqualTo(1);
        });
    }

    @Test
    void missingFallbackMethodFailsStartup() {
        runner.withUserConfiguration(BadFallbackBeans.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure())).isInstanceOf(InvalidRetryConfigurationException.class)
                    .hasMessageContaining("@Fallback on BadFallback.call.method").hasMessageContaining("'nope'")
                    .hasMessageContaining("is not a method");
        });
    }

    @Test
    void fallbackWithTheWrongReturnTypeFailsStartup() {
        runner.withUserConfiguration(WrongReturnFallbackBeans.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure())).hasMessageContaining("does not fit");
        });
    }

    @Test
    void unknownAnnotationTemplateFailsStartup() {
        runner.withUserConfiguration(UnknownTemplateBeans.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure())).hasMessageContaining(".template")
                    .hasMessageContaining("'nope'").hasMessageContaining("http-api");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        FlakyClient flakyClient() {
            return new FlakyClient();
        }

        @Bean
        TypeAnnotated typeAnnotated() {
            return new TypeAnnotated();
        }
    }

    static class FlakyClient {
        final AtomicInteger failuresBeforeSuccess = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger payments = new AtomicInteger();
        final AtomicInteger quotes = new AtomicInteger();
        /** The {@code tenant} each reactive attempt or fallback found in its Reactor context, in order. */
        final List<String> seenTenants = new CopyOnWriteArrayList<>();
        final AtomicBoolean attemptSubscribed = new AtomicBoolean();
        final AtomicBoolean attemptCancelled = new AtomicBoolean();

        public void failNext(int failures) {
            failuresBeforeSuccess.set(failures);
        }

        public int calls() {
            return calls.get();
        }

        public List<String> seenTenants() {
            return seenTenants;
        }

        public boolean attemptSubscribed() {
            return attemptSubscribed.get();
        }

        public boolean attemptCancelled() {
            return attemptCancelled.get();
        }

        private void maybeFail() throws IOException {
            int call = calls.incrementAndGet();
            if (failuresBeforeSuccess.getAndDecrement() > 0) {
                throw new IOException("down " + call);
            }
        }

        @Retryable("flaky")
        public String fetch(String symbol) throws IOException {
            maybeFail();
            return "quote:" + symbol;
        }

        @Retryable(value = "flaky", maxAttempts = 5)
        public String fetchFiveTimes(String symbol) throws IOException {
            maybeFail();
            return "quote:" + symbol;
        }

        @CircuitGuarded("flaky")
        public String guarded(String symbol) throws IOException {
            maybeFail();
            return "quote:" + symbol;
        }

        @Retryable("flaky")
        @Fallback(method = "fallbackQuote")
        public String withFallback(String symbol) throws IOException {
            maybeFail();
            return "quote:" + symbol;
        }

        String fallbackQuote(String symbol, IOException failure) {
            return "fallback:" + symbol + ":" + failure.getClass().getSimpleName();
        }

        @Retryable("flaky")
        @Fallback(cache = "quotes")
        public String cached(String symbol) throws IOException {
            maybeFail();
            return "quote:" + symbol + "#" + quotes.incrementAndGet();
        }

        @Retryable(value = "flaky", retryOnResult = "#result != 'DONE'")
        public String pollStatus(String job) {
            return calls.incrementAndGet() < 3 ? "RUNNING" : "DONE";
        }

        @Retryable(value = "flaky", idempotencyKey = "#orderId")
        public String pay(String orderId, int amount) {
            return "paid#" + payments.incrementAndGet();
        }

        @Retryable("flaky")
        public CompletableFuture<String> fetchAsync(String symbol) {
            int call = calls.incrementAndGet();
            if (failuresBeforeSuccess.getAndDecrement() > 0) {
                return CompletableFuture.failedFuture(new IOException("down " + call));
            }
            return CompletableFuture.completedFuture("quote:" + symbol);
        }

        @Retryable("flaky")
        public Mono<String> fetchMono(String symbol) {
            return Mono.fromCallable(() -> {
                maybeFail();
                return "quote:" + symbol;
            });
        }

        @Retryable("flaky")
        public Flux<String> fetchFlux(String symbol) {
            return Flux.defer(() -> {
                try {
                    maybeFail();
                } catch (IOException e) {
                    return Flux.concat(Flux.just(symbol + "-1"), Flux.error(e));
                }
                return Flux.just(symbol + "-1", symbol + "-2");
            });
        }

        @Retryable("flaky")
        public Mono<String> tenantMono() {
            return Mono.deferContextual(context -> {
                String tenant = context.getOrDefault("tenant", "none");
                seenTenants.add(tenant);
                return Mono.fromCallable(() -> {
                    maybeFail();
                    return "tenant:" + tenant;
                });
            });
        }

        @Retryable("flaky")
        public Flux<String> tenantFlux() {
            return Flux.deferContextual(context -> {
                String tenant = context.getOrDefault("tenant", "none");
                seenTenants.add(tenant);
                return Mono.fromCallable(() -> {
                    maybeFail();
                    return tenant;
                }).flatMapMany(value -> Flux.just(value + "-1", value + "-2"));
            });
        }

        @Retryable("flaky")
        @Fallback(method = "tenantFallbackMono")
        public Mono<String> tenantMonoWithFallback() {
            return tenantMono();
        }

        Mono<String> tenantFallbackMono(IOException failure) {
            return Mono.deferContextual(context -> {
                String tenant = context.getOrDefault("tenant", "none");
                seenTenants.add(tenant);
                return Mono.just("fallback:" + tenant);
            });
        }

        @Retryable("flaky")
        @Fallback(method = "tenantFallbackFlux")
        public Flux<String> tenantFluxWithFallback() {
            return tenantFlux();
        }

        Flux<String> tenantFallbackFlux(IOException failure) {
            return tenantFallbackMono(failure).flux();
        }

        @Retryable("flaky")
        public Mono<String> hangingMono() {
            calls.incrementAndGet();
            return Mono.<String>never().doOnSubscribe(subscription -> attemptSubscribed.set(true))
                    .doOnCancel(() -> attemptCancelled.set(true));
        }

        @Retryable("flaky")
        public Flux<String> hangingFlux() {
            calls.incrementAndGet();
            return Flux.<String>never().doOnSubscribe(subscription -> attemptSubscribed.set(true))
                    .doOnCancel(() -> attemptCancelled.set(true));
        }

        @org.springframework.resilience.annotation.Retryable(maxRetries = 5)
        public String springRetryable() throws IOException {
            maybeFail();
            return "ok";
        }
    }

    @Retryable("flaky")
    static class TypeAnnotated {
        final AtomicInteger calls = new AtomicInteger();

        public String work() throws IOException {
            if (calls.incrementAndGet() < 2) {
                throw new IOException("once");
            }
            return "ok after " + calls.get();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BadFallbackBeans {
        @Bean
        BadFallback badFallback() {
            return new BadFallback();
        }
    }

    static class BadFallback {
        @Retryable("flaky")
        @Fallback(method = "nope")
        public String call() {
            return "x";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class WrongReturnFallbackBeans {
        @Bean
        WrongReturnFallback wrongReturnFallback() {
            return new WrongReturnFallback();
        }
    }

    static class WrongReturnFallback {
        @Retryable("flaky")
        @Fallback(method = "other")
        public String call(String id) {
            return id;
        }

        Integer other(String id) {
            return 1;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UnknownTemplateBeans {
        @Bean
        UnknownTemplate unknownTemplate() {
            return new UnknownTemplate();
        }
    }

    static class UnknownTemplate {
        @Retryable(value = "new-service", template = "nope")
        public String call() {
            return "x";
        }
    }
}
