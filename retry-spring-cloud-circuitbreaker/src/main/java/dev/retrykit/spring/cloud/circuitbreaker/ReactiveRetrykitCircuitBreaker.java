package dev.retrykit.spring.cloud.circuitbreaker;

import dev.retrykit.core.CallOptions;
import dev.retrykit.core.FallbackFunction;
import dev.retrykit.core.GuardedService;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.springframework.cloud.client.circuitbreaker.NoFallbackAvailableException;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import reactor.core.Exceptions;
import reactor.core.Fuseable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * A {@link ReactiveCircuitBreaker} that runs each subscription as one asynchronous guarded call of a retrykit
 * service: every attempt re-subscribes the source with the subscriber's context, retries are scheduled (no thread
 * waits), disposing the subscription cancels the call, and the fallback's publisher is subscribed with the same
 * context. A {@code Flux} is collected per attempt and replayed once the call succeeds, so a retry never emits
 * duplicates downstream: guard finite fluxes only.
 *
 * <p>A fallback that is {@code Mono.error(e)}/{@code Flux.error(e)} (what Spring Cloud Gateway's filter returns when a
 * route has no {@code fallbackUri}) is no fallback value: the call keeps its own outcome ({@code exhausted},
 * {@code rejected}, ...) instead of {@code fallback}. Thread-safe.
 */
final class ReactiveRetrykitCircuitBreaker implements ReactiveCircuitBreaker {

    private static final String NO_FALLBACK = "No fallback available.";

    private final GuardedService service;
    private final CallOptions options;

    ReactiveRetrykitCircuitBreaker(BoundService bound) {
        this.service = bound.service();
        this.options = bound.options();
    }

    @Override
    public <T> Mono<T> run(Mono<T> toRun, Function<Throwable, Mono<T>> fallback) {
        return Mono.deferContextual(context -> Mono.fromFuture(service.callAsync(() -> toRun.contextWrite(context).toFuture(),
                options.withCallBindings(monoFallback(fallback, context), null)), false));
    }

    @Override
    public <T> Mono<T> run(Mono<T> toRun) {
        return Mono.deferContextual(context -> Mono.fromFuture(service.callAsync(() -> toRun.contextWrite(context).toFuture(),
                options), false)).onErrorMap(failure -> new NoFallbackAvailableException(NO_FALLBACK, failure));
    }

    @Override
    public <T> Flux<T> run(Flux<T> toRun, Function<Throwable, Flux<T>> fallback) {
        return Mono.deferContextual(context -> Mono.fromFuture(service.<List<T>>callAsync(() -> collected(toRun, context),
                options.withCallBindings(fluxFallback(fallback, context), null)), false)).flatMapIterable(list -> list);
    }

    @Override
    public <T> Flux<T> run(Flux<T> toRun) {
        return Mono.deferContextual(context -> Mono.fromFuture(service.<List<T>>callAsync(() -> collected(toRun, context),
                options), false)).flatMapIterable(list -> list)
                .onErrorMap(failure -> new NoFallbackAvailableException(NO_FALLBACK, failure));
    }

    private static <T> CompletionStage<List<T>> collected(Flux<T> flux, ContextView context) {
        return flux.collectList().contextWrite(context).toFuture();
    }

    /** The fallback as retrykit sees it: a stage of the fallback Mono's value, or the failure rethrown. */
    private static <T> FallbackFunction<Object> monoFallback(Function<Throwable, Mono<T>> fallback, ContextView context) {
        return failure -> {
            Mono<T> replacement = fallback.apply(failure);
            if (replacement instanceof Fuseable.ScalarCallable<?> scalar) {
                return callScalar(scalar);
            }
            return replacement.contextWrite(context).toFuture();
        };
    }

    /** As {@link #monoFallback}, for a Flux fallback collected into a list. */
    private static <T> FallbackFunction<Object> fluxFallback(Function<Throwable, Flux<T>> fallback, ContextView context) {
        return failure -> {
            Flux<T> replacement = fallback.apply(failure);
            if (replacement instanceof Fuseable.ScalarCallable<?> scalar) {
                Object value = callScalar(scalar);
                return value == null ? List.of() : List.of(value);
            }
            return collected(replacement, context);
        };
    }

    /**
     * The value of an already-known publisher ({@code Mono.just}, {@code Mono.empty}, {@code Mono.error}), taken at
     * once: an error is thrown, so that it ends the call with its own outcome rather than as a served fallback.
     */
    private static Object callScalar(Fuseable.ScalarCallable<?> scalar) throws Throwable {
        try {
            return scalar.call();
        } catch (Exception e) {
            throw Exceptions.unwrap(e);
        }
    }

    @Override
    public String toString() {
        return "ReactiveRetrykitCircuitBreaker[" + service.name() + "]";
    }
}
