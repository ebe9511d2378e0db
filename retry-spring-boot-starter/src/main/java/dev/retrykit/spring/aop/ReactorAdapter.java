package dev.retrykit.spring.aop;

import java.lang.reflect.Array;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Runs Reactor-returning methods through the asynchronous path. Loaded only when Reactor is on the classpath, so the
 * subscriber's context travels through the invocation plan typed {@code Object} (a {@link ContextView} here).
 * <p>
 * Each subscription is a new guarded call. Every attempt, and a fallback's {@code Mono}/{@code Flux}, is subscribed
 * with the subscriber's context, so what it put there (security context, observations, MDC) is seen by each retry.
 * With Micrometer context-propagation on the classpath, the thread-locals current where the attempt subscribes are
 * captured over it ({@code contextCapture()}): the attempt's {@code retry.attempt} observation becomes the parent of a
 * WebClient exchange made in the attempt, and the idempotency key travels too.
 * Disposing the subscription cancels the future of the guarded call, and cancelling an attempt's stage cancels that
 * attempt's subscription. A {@code Flux} is collected into a list per attempt and replayed, so a retry never emits
 * duplicates downstream (guard finite fluxes only).
 */
final class ReactorAdapter {

    private ReactorAdapter() {
    }

    /**
     * A {@code Mono} attempt as a stage of its value, subscribed with {@code context} (a {@link ContextView});
     * cancelling the stage cancels the subscription.
     */
    @SuppressWarnings("unchecked")
    static Function<Object, CompletionStage<Object>> monoStage(Object context) {
        ContextView subscriberContext = (ContextView) context;
        return publisher -> ((Mono<Object>) publisher).contextCapture().contextWrite(subscriberContext).toFuture();
    }

    /**
     * A {@code Flux} attempt as a stage of an array of its values typed {@code elementType[]}, so that a stored
     * result (idempotency, stale cache) keeps its element type when it is read back; subscribed with {@code context}
     * (a {@link ContextView}); cancelling the stage cancels the subscription.
     */
    @SuppressWarnings("unchecked")
    static Function<Object, CompletionStage<Object>> fluxStage(Class<?> elementType, Object context) {
        ContextView subscriberContext = (ContextView) context;
        return publisher -> ((Flux<Object>) publisher).collectList()
                .<Object>map(list -> list.toArray((Object[]) Array.newInstance(elementType, list.size())))
                .contextCapture()
                .contextWrite(subscriberContext)
                .toFuture();
    }

    /**
     * A Mono whose every subscription starts one guarded call: {@code call} receives the subscriber's
     * {@link ContextView} and returns the call's future, which is cancelled when the subscription is disposed.
     */
    static Mono<Object> mono(Function<Object, CompletableFuture<Object>> call) {
        return Mono.deferContextual(context -> Mono.fromFuture(call.apply(context), false));
    }

    /**
     * A Flux whose every subscription starts one guarded call of the collected values, as {@link #mono}, and
     * replays them.
     */
    @SuppressWarnings("unchecked")
    static Flux<Object> flux(Function<Object, CompletableFuture<Object>> call) {
        return mono(call).flatMapMany(value -> value instanceof Object[] array ? Flux.fromArray(array)
                : value instanceof List<?> list ? Flux.fromIterable((List<Object>) list) : Flux.just(value));
    }

    /**
     * Turns a fallback's value into what the guarded call completes with: Mono/Flux values are subscribed with
     * {@code context} (a {@link ContextView}), other values are returned as they are.
     */
    static Object unwrapFallback(Object value, Object context) {
        if (value instanceof Mono<?>) {
            return monoStage(context).apply(value);
        }
        if (value instanceof Flux<?>) {
            return fluxStage(Object.class, context).apply(value);
        }
        return value;
    }
}
