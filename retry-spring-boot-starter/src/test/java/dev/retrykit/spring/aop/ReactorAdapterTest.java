package dev.retrykit.spring.aop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/**
 * The starter's annotation half of Reactor support, without a guarded service: reactive fallbacks see the
 * subscriber's context, and a Flux method's call value is replayed element by element. The guarded pipeline itself
 * is tested in {@code ReactorRetryTest} and through annotated beans in {@code RetryAnnotationsTest}.
 */
class ReactorAdapterTest {

    @Test
    void aReactiveFallbackIsSubscribedWithTheSubscribersContext() {
        Object value = ReactorAdapter.unwrapFallback(
                Mono.deferContextual(context -> Mono.just(context.<String>get("tenant"))), Context.of("tenant", "acme"));

        assertThat(value).isInstanceOfSatisfying(CompletionStage.class,
                stage -> assertThat(stage.toCompletableFuture().join()).isEqualTo("acme"));
    }

    @Test
    void aFluxFallbackIsCollectedWithTheSubscribersContext() {
        Object value = ReactorAdapter.unwrapFallback(
                Flux.deferContextual(context -> Flux.just(context.<String>get("tenant"), "b")), Context.of("tenant", "acme"));

        assertThat(value).isInstanceOfSatisfying(CompletionStage.class,
                stage -> assertThat(stage.toCompletableFuture().join()).isEqualTo(new Object[] {"acme", "b"}));
    }

    @Test
    void aFluxCallValueIsReplayedFromAnArrayAListOrASingleValue() {
        StepVerifier.create(ReactorAdapter.elements(new String[] {"a", "b"})).expectNext("a", "b").expectComplete()
                .verify(Duration.ofSeconds(5));
        StepVerifier.create(ReactorAdapter.elements(List.of("a", "b"))).expectNext("a", "b").expectComplete()
                .verify(Duration.ofSeconds(5));
        StepVerifier.create(ReactorAdapter.elements("a")).expectNext("a").expectComplete().verify(Duration.ofSeconds(5));
    }
}
