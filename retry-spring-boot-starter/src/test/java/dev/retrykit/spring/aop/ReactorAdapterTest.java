package dev.retrykit.spring.aop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/** The starter's half of Reactor support, without a guarded service: context in, cancellation out. */
class ReactorAdapterTest {

    @Test
    void disposingAMonoSubscriptionCancelsTheGuardedCallsFuture() {
        CompletableFuture<Object> call = new CompletableFuture<>();

        ReactorAdapter.mono(context -> call).subscribe().dispose();

        assertThat(call).isCancelled();
    }

    @Test
    void cancellingAFluxSubscriptionCancelsTheGuardedCallsFuture() {
        CompletableFuture<Object> call = new CompletableFuture<>();

        StepVerifier.create(ReactorAdapter.flux(context -> call)).expectSubscription().thenCancel()
                .verify(Duration.ofSeconds(5));

        assertThat(call).isCancelled();
    }

    @Test
    void cancellingAMonoAttemptsStageCancelsItsSubscription() {
        AtomicBoolean cancelled = new AtomicBoolean();
        CompletionStage<Object> attempt = ReactorAdapter.monoStage(Context.empty())
                .apply(Mono.never().doOnCancel(() -> cancelled.set(true)));

        attempt.toCompletableFuture().cancel(true);

        assertThat(cancelled).isTrue();
    }

    @Test
    void cancellingAFluxAttemptsStageCancelsItsSubscription() {
        AtomicBoolean cancelled = new AtomicBoolean();
        CompletionStage<Object> attempt = ReactorAdapter.fluxStage(String.class, Context.empty())
                .apply(Flux.never().doOnCancel(() -> cancelled.set(true)));

        attempt.toCompletableFuture().cancel(true);

        assertThat(cancelled).isTrue();
    }

    @Test
    void theSubscribersContextReachesTheCallAndEachAttempt() {
        AtomicReference<Object> seenByCall = new AtomicReference<>();
        Mono<Object> guarded = ReactorAdapter.mono(context -> {
            seenByCall.set(context);
            return ReactorAdapter.monoStage(context)
                    .apply(Mono.deferContextual(attemptContext -> Mono.just(attemptContext.get("tenant"))))
                    .toCompletableFuture();
        });

        StepVerifier.create(guarded.contextWrite(Context.of("tenant", "acme"))).expectNext("acme").expectComplete()
                .verify(Duration.ofSeconds(5));
        assertThat(seenByCall.get()).isInstanceOfSatisfying(ContextView.class,
                context -> assertThat(context.<String>get("tenant")).isEqualTo("acme"));
    }

    @Test
    void aFluxAttemptIsCollectedIntoATypedArrayWithTheSubscribersContext() {
        CompletionStage<Object> attempt = ReactorAdapter.fluxStage(String.class, Context.of("tenant", "acme"))
                .apply(Flux.deferContextual(context -> Flux.just(context.<String>get("tenant"), "b")));

        assertThat(attempt.toCompletableFuture().join()).isInstanceOf(String[].class)
                .isEqualTo(new String[] {"acme", "b"});
    }

    @Test
    void aReactiveFallbackIsSubscribedWithTheSubscribersContext() {
        Object value = ReactorAdapter.unwrapFallback(
                Mono.deferContextual(context -> Mono.just(context.<String>get("tenant"))), Context.of("tenant", "acme"));

        assertThat(value).isInstanceOfSatisfying(CompletionStage.class,
                stage -> assertThat(stage.toCompletableFuture().join()).isEqualTo("acme"));
    }
}
