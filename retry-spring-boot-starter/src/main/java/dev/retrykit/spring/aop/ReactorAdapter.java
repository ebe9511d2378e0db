package dev.retrykit.spring.aop;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs Reactor-returning methods through the asynchronous path. Loaded only when Reactor is on the classpath.
 * Each subscription is a new guarded call. A {@code Flux} is collected into a list per attempt and replayed, so a
 * retry never emits duplicates downstream (guard finite fluxes only).
 */
final class ReactorAdapter {

    /** A {@code Mono} attempt as a stage of its value. */
    @SuppressWarnings("unchecked")
    static final Function<Object, CompletionStage<Object>> MONO_STAGE = publisher -> ((Mono<Object>) publisher).toFuture();

    /** A {@code Flux} attempt as a stage of the list of its values. */
    @SuppressWarnings("unchecked")
    static final Function<Object, CompletionStage<Object>> FLUX_STAGE =
            publisher -> ((Flux<Object>) publisher).collectList().<Object>map(list -> list).toFuture();

    private ReactorAdapter() {
    }

    /** A Mono whose every subscription starts {@code call} (one guarded call). */
    static Mono<Object> mono(Supplier<? extends CompletionStage<Object>> call) {
        return Mono.defer(() -> Mono.fromCompletionStage(call.get()));
    }

    /** A Flux whose every subscription starts {@code call} (one guarded call of the collected list) and replays it. */
    @SuppressWarnings("unchecked")
    static Flux<Object> flux(Supplier<? extends CompletionStage<Object>> call) {
        return Mono.defer(() -> Mono.fromCompletionStage(call.get()))
                .flatMapMany(value -> value instanceof List<?> list ? Flux.fromIterable((List<Object>) list) : Flux.just(value));
    }

    /** Turns a fallback's value into what the guarded call completes with: Mono/Flux values are subscribed. */
    static Object unwrapFallback(Object value) {
        if (value instanceof Mono<?> || value instanceof Flux<?>) {
            return (value instanceof Mono<?> ? MONO_STAGE : FLUX_STAGE).apply(value);
        }
        return value;
    }
}
