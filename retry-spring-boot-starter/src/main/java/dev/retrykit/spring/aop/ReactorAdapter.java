package dev.retrykit.spring.aop;

import dev.retrykit.core.CallOptions;
import dev.retrykit.core.GuardedService;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Function;
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

    /** A Mono whose every subscription runs one guarded call; {@code onDone} sees its value or failure. */
    static Mono<Object> mono(GuardedService service, CallOptions options, AttemptOperation attempt,
                             BiConsumer<Object, Throwable> onDone) {
        return Mono.defer(() -> Mono.fromCompletionStage(call(service, options, attempt, MONO_STAGE, onDone)));
    }

    /** A Flux whose every subscription runs one guarded call; {@code onDone} sees the list of values or failure. */
    @SuppressWarnings("unchecked")
    static Flux<Object> flux(GuardedService service, CallOptions options, AttemptOperation attempt,
                             BiConsumer<Object, Throwable> onDone) {
        return Mono.defer(() -> Mono.fromCompletionStage(call(service, options, attempt, FLUX_STAGE, onDone)))
                .flatMapMany(value -> value instanceof List<?> list ? Flux.fromIterable((List<Object>) list) : Flux.just(value));
    }

    private static CompletionStage<Object> call(GuardedService service, CallOptions options, AttemptOperation attempt,
                                                Function<Object, CompletionStage<Object>> toStage,
                                                BiConsumer<Object, Throwable> onDone) {
        CompletableFuture<Object> result = service.callAsync(() -> attempt.getStage(toStage), options);
        if (onDone != null) {
            result.whenComplete(onDone);
        }
        return result;
    }

    /** Turns a fallback's value into what the guarded call completes with: Mono/Flux values are subscribed. */
    static Object unwrapFallback(Object value) {
        if (value instanceof Mono<?> || value instanceof Flux<?>) {
            return (value instanceof Mono<?> ? MONO_STAGE : FLUX_STAGE).apply(value);
        }
        return value;
    }
}
