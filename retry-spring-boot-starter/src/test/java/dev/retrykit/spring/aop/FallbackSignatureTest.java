package dev.retrykit.spring.aop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.annotation.Fallback;
import dev.retrykit.annotation.Retryable;
import dev.retrykit.spring.autoconfigure.RetryAopAutoConfiguration;
import dev.retrykit.spring.autoconfigure.RetryAutoConfiguration;
import dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The return type of a {@code @Fallback(method = ...)} of an asynchronous method is checked at startup against the
 * guarded method's element type, not only against {@code void}.
 */
class FallbackSignatureTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class, RetryAopAutoConfiguration.class))
            .withPropertyValues("retry.services.flaky.strategy=fixed", "retry.services.flaky.base-delay=1ms",
                    "retry.services.flaky.max-delay=1ms", "retry.services.flaky.max-attempts=2",
                    "retry.services.flaky.retryable-exceptions=java.io.IOException");

    @Test
    void completionStageFallbackOfAnotherValueTypeFailsStartup() {
        assertFailsStartup(StageWithIntegerFallback.class, "StageWithIntegerFallback.quote.method",
                "returning CompletableFuture");
    }

    @Test
    void completionStageFallbackReturningAStageOfAnotherTypeFailsStartup() {
        assertFailsStartup(StageWithIntegerStageFallback.class, "StageWithIntegerStageFallback.quote.method",
                "returning CompletionStage");
    }

    @Test
    void monoFallbackOfAnotherTypeFailsStartup() {
        assertFailsStartup(MonoWithIntegerFallbacks.class, "MonoWithIntegerFallbacks.plain.method",
                "MonoWithIntegerFallbacks.wrapped.method");
    }

    @Test
    void fluxFallbackOfAnotherElementTypeOrASingleValueFailsStartup() {
        assertFailsStartup(FluxWithWrongFallbacks.class, "FluxWithWrongFallbacks.listOfIntegers.method",
                "FluxWithWrongFallbacks.single.method");
    }

    @Test
    void completionStageFallbackMayReturnTheValueOrAStageOfASubtype() {
        runner.withBean(StageFallbacks.class).run(context -> {
            assertThat(context).hasNotFailed();
            StageFallbacks client = context.getBean(StageFallbacks.class);

            assertThat(client.value("ACME").toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("fallback:ACME");
            assertThat(client.stage("ACME").get(5, TimeUnit.SECONDS)).isEqualTo(42);
            assertThat(client.primitive("ACME").toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(7);
        });
    }

    @Test
    void monoFallbackMayReturnTheValueOrAMono() {
        runner.withBean(MonoFallbacks.class).run(context -> {
            assertThat(context).hasNotFailed();
            MonoFallbacks client = context.getBean(MonoFallbacks.class);

            assertThat(client.value("ACME").block()).isEqualTo("fallback:ACME");
            assertThat(client.mono("ACME").block()).isEqualTo("mono:ACME");
        });
    }

    @Test
    void fluxFallbackMayReturnAFluxOrAList() {
        runner.withBean(FluxFallbacks.class).run(context -> {
            assertThat(context).hasNotFailed();
            FluxFallbacks client = context.getBean(FluxFallbacks.class);

            assertThat(client.list("ACME").collectList().block()).containsExactly("a:ACME", "b:ACME");
            assertThat(client.flux("ACME").collectList().block()).containsExactly("c:ACME");
        });
    }

    private void assertFailsStartup(Class<?> beanType, String... expected) {
        runner.withBean(beanType).run(context -> {
            assertThat(context).hasFailed();
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
            assertThat(cause).isInstanceOf(InvalidRetryConfigurationException.class).hasMessageContaining("does not fit");
            for (String text : expected) {
                assertThat(cause).hasMessageContaining(text);
            }
        });
    }

    static class StageWithIntegerFallback {
        @Retryable("flaky")
        @Fallback(method = "other")
        public CompletableFuture<String> quote(String symbol) {
            return CompletableFuture.failedFuture(new IOException("down"));
        }

        Integer other(String symbol) {
            return 1;
        }
    }

    static class StageWithIntegerStageFallback {
        @Retryable("flaky")
        @Fallback(method = "other")
        public CompletionStage<String> quote(String symbol) {
            return CompletableFuture.failedFuture(new IOException("down"));
        }

        CompletableFuture<Integer> other(String symbol) {
            return CompletableFuture.completedFuture(1);
        }
    }

    static class MonoWithIntegerFallbacks {
        @Retryable("flaky")
        @Fallback(method = "number")
        public Mono<String> plain(String symbol) {
            return Mono.error(new IOException("down"));
        }

        @Retryable("flaky")
        @Fallback(method = "monoOfNumber")
        public Mono<String> wrapped(String symbol) {
            return Mono.error(new IOException("down"));
        }

        Integer number(String symbol) {
            return 1;
        }

        Mono<Integer> monoOfNumber(String symbol) {
            return Mono.just(1);
        }
    }

    static class FluxWithWrongFallbacks {
        @Retryable("flaky")
        @Fallback(method = "numbers")
        public Flux<String> listOfIntegers(String symbol) {
            return Flux.error(new IOException("down"));
        }

        @Retryable("flaky")
        @Fallback(method = "one")
        public Flux<String> single(String symbol) {
            return Flux.error(new IOException("down"));
        }

        List<Integer> numbers(String symbol) {
            return List.of(1);
        }

        String one(String symbol) {
            return symbol;
        }
    }

    static class StageFallbacks {
        @Retryable("flaky")
        @Fallback(method = "fallbackValue")
        public CompletionStage<CharSequence> value(String symbol) {
            return CompletableFuture.failedFuture(new IOException("down"));
        }

        @Retryable("flaky")
        @Fallback(method = "fallbackStage")
        public CompletableFuture<Number> stage(String symbol) {
            return CompletableFuture.failedFuture(new IOException("down"));
        }

        @Retryable("flaky")
        @Fallback(method = "fallbackPrimitive")
        public CompletionStage<Integer> primitive(String symbol) {
            return CompletableFuture.failedFuture(new IOException("down"));
        }

        String fallbackValue(String symbol, Throwable failure) {
            return "fallback:" + symbol;
        }

        CompletableFuture<Integer> fallbackStage(String symbol) {
            return CompletableFuture.completedFuture(42);
        }

        int fallbackPrimitive(String symbol) {
            return 7;
        }
    }

    static class MonoFallbacks {
        @Retryable("flaky")
        @Fallback(method = "fallbackValue")
        public Mono<String> value(String symbol) {
            return Mono.error(new IOException("down"));
        }

        @Retryable("flaky")
        @Fallback(method = "fallbackMono")
        public Mono<String> mono(String symbol) {
            return Mono.error(new IOException("down"));
        }

        String fallbackValue(String symbol) {
            return "fallback:" + symbol;
        }

        Mono<String> fallbackMono(String symbol) {
            return Mono.just("mono:" + symbol);
        }
    }

    static class FluxFallbacks {
        @Retryable("flaky")
        @Fallback(method = "fallbackList")
        public Flux<String> list(String symbol) {
            return Flux.error(new IOException("down"));
        }

        @Retryable("flaky")
        @Fallback(method = "fallbackFlux")
        public Flux<String> flux(String symbol) {
            return Flux.error(new IOException("down"));
        }

        List<String> fallbackList(String symbol) {
            return List.of("a:" + symbol, "b:" + symbol);
        }

        Flux<String> fallbackFlux(String symbol) {
            return Flux.just("c:" + symbol);
        }
    }
}
