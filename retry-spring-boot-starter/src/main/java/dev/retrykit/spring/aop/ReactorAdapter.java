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

    /**
     * A {@code Flux} attempt as a stage of an array of its values typed {@code elementType[]}, so that a stored
     * result (idempotency, stale cache) keeps its element type when it is read back.
     */
    @SuppressWarnings("unchecked")
    static Function<Object, CompletionStage<Object>> fluxStage(Class<?> elementType) {
        return publisher -> ((Flux<Object>) publisher).collectList()
                .<Object>map(list -> list.toArray((Object[]) java.lang.reflect.Array.newInstance(elementType, list.size())))
                .toFuture();
    }

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
                .flatMapMany(value -> value instanceof Object[] array ? Flux.fromArray(array)
                        : value instanceof List<?> list ? Flux.fromIterable((List<Object>) list) : Flux.just(value));
    }

    /** Turns a fallback's value into what the guarded call completes with: Mono/Flux values are subscribed. */
    static Object unwrapFallback(Object value) {
        if (value instanceof Mono<?>) {
            return MONO_STAGE.apply(value);
        }
        if (value instanceof Flux<?>) {
            return fluxStage(Object.class).apply(value);
        }
        return value;
    }
}
