package dev.retrykit.spring.aop;

import dev.retrykit.core.CallOptions;
import dev.retrykit.core.GuardedService;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs Reactor-returning methods through the asynchronous path. Loaded only when Reactor is on the classpath.
 * Each subscription is a new guarded call. A {@code Flux} is collected into a list per attempt and replayed, so a
 * retry never emits duplicates downstream (guard finite fluxes only).
 */
final class ReactorAdapter {

    private ReactorAdapter() {
    }

    static Mono<Object> mono(GuardedService service, CallOptions options, Supplier<Object> attempt) {
        return Mono.defer(() -> Mono.fromCompletionStage(service.callAsync(() -> toStage(attempt.get()), options)));
    }

    @SuppressWarnings("unchecked")
    static Flux<Object> flux(GuardedService service, CallOptions options, Supplier<Object> attempt) {
        return Mono.defer(() -> Mono.fromCompletionStage(service.<Object>callAsync(
                        () -> (CompletionStage<Object>) (CompletionStage<?>) ((Flux<Object>) attempt.get()).collectList().toFuture(), options)))
                .flatMapMany(value -> value instanceof List<?> list ? Flux.fromIterable((List<Object>) list) : Flux.just(value));
    }

    @SuppressWarnings("unchecked")
    private static CompletionStage<Object> toStage(Object mono) {
        return ((Mono<Object>) mono).toFuture();
    }

    /** Turns a fallback's value into what the method must return: Mono/Flux values are subscribed. */
    static Object unwrapFallback(Object value) {
        if (value instanceof Mono<?> mono) {
            return mono.toFuture();
        }
        if (value instanceof Flux<?> flux) {
            return flux.collectList().toFuture();
        }
        return value;
    }
}
