package dev.retrykit.spring.aop;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.idempotency.IdempotencyKeys;
import dev.retrykit.core.idempotency.IdempotentCalls;
import dev.retrykit.core.idempotency.KeyedAttempts;
import dev.retrykit.spring.reactive.ReactorRetry;
import java.lang.reflect.Array;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Guards Reactor-returning methods with Reactor's own operators ({@link ReactorRetry}). Loaded only when Reactor is
 * on the classpath; the invocation plan talks to it in {@code Object}s, so the plan loads without Reactor.
 * <p>
 * Each subscription is one guarded call; each attempt invokes the method again (a fresh clone of the invocation, so
 * inner advice runs again) and subscribes what it returned inside the subscriber's chain, so the subscriber's
 * {@code Context} (security context, observations, MDC) is seen by every attempt and by a reactive fallback.
 * Disposing the subscription cancels the attempt in flight and the guarded call. A {@code Flux} is collected into an
 * array of its element type per attempt and replayed once an attempt succeeded, so a retry never emits duplicates
 * downstream (guard finite fluxes only) and a stored result (idempotency, stale cache) keeps its element type.
 * A keyed call holds its key while each attempt runs and invokes the method with the key current.
 */
final class ReactorAdapter {

    private static final Object GO = new Object();
    private static final CompletableFuture<Object> GO_STAGE = CompletableFuture.completedFuture(GO);

    private ReactorAdapter() {
    }

    /**
     * The guarded {@code Mono} (when {@code fluxElementType} is {@code null}) or {@code Flux} of one invocation of a
     * Reactor method: every subscription binds a call with {@code bind} (given the subscriber's {@link ContextView})
     * and runs it.
     */
    static Object guarded(GuardedService service, AttemptOperation attempt, Class<?> fluxElementType,
                          IdempotentCalls idempotentCalls, Function<Object, ReactiveCall> bind) {
        Mono<Object> value = Mono.deferContextual(context -> {
            ReactiveCall call = bind.apply(context);
            Supplier<Mono<Object>> attempts = () -> attemptOf(attempt, fluxElementType, call.key());
            Mono<Object> guarded = call.key() == null
                    ? ReactorRetry.DEFAULT.mono(service, call.options(), attempts)
                    : keyed(service, idempotentCalls, call, attempts, context);
            return call.onOwnValue() == null ? guarded : guarded.doOnSuccess(call.onOwnValue()::accept);
        });
        return fluxElementType == null ? value : value.flatMapMany(ReactorAdapter::elements);
    }

    /**
     * A keyed call: at most once per key ({@link IdempotentCalls#executeAsync}); each attempt holds the key until its
     * source ends. The guarded call is subscribed with the subscriber's context, and disposing the subscription
     * cancels it.
     */
    private static Mono<Object> keyed(GuardedService service, IdempotentCalls idempotentCalls, ReactiveCall call,
                                      Supplier<Mono<Object>> attempts, ContextView context) {
        return Mono.fromFuture(() -> idempotentCalls.executeAsync(service.name(), call.key(), call.resultType(),
                keyed -> ReactorRetry.DEFAULT.mono(service, call.options(), holdingKey(keyed, attempts, context))
                        .contextWrite(context).toFuture(),
                call.ownValue()), false);
    }

    private static Supplier<Mono<Object>> holdingKey(KeyedAttempts keyed, Supplier<Mono<Object>> attempts,
                                                     ContextView context) {
        Supplier<CompletionStage<Object>> holding = keyed.holdingKeyAsync(() -> attempts.get().contextWrite(context).toFuture());
        return () -> Mono.fromFuture(() -> holding.get().toCompletableFuture(), false);
    }

    /**
     * One attempt: the method invoked (after chaos faults) and its publisher, a Flux collected. A keyed attempt is
     * invoked and subscribed with its key current on whatever thread it runs, as a {@code WebClient} filter reads it
     * at subscription.
     */
    private static Mono<Object> attemptOf(AttemptOperation attempt, Class<?> fluxElementType, String key) {
        Mono<Object> invocation = key == null ? Mono.defer(() -> invoke(attempt, fluxElementType))
                : Mono.from(subscriber -> IdempotencyKeys.supplyWith(key, () -> {
                    invoke(attempt, fluxElementType).subscribe(subscriber);
                    return null;
                }));
        ChaosInjector chaos = attempt.chaos();
        if (chaos == null) {
            return invocation;
        }
        return Mono.fromFuture(() -> IdempotencyKeys.supplyWith(key, () -> chaos.around(() -> GO_STAGE))
                .toCompletableFuture(), false).then(invocation);
    }

    private static Mono<Object> invoke(AttemptOperation attempt, Class<?> fluxElementType) {
        try {
            return publisherOf(Coroutines.toFlux(attempt.invoke()), fluxElementType);
        } catch (Throwable failure) {
            return Mono.error(failure);
        }
    }

    @SuppressWarnings("unchecked")
    private static Mono<Object> publisherOf(Object returned, Class<?> fluxElementType) {
        if (fluxElementType == null) {
            return (Mono<Object>) returned;
        }
        return ((Flux<Object>) returned).collectList()
                .map(list -> list.toArray((Object[]) Array.newInstance(fluxElementType, list.size())));
    }

    /** The elements of a Flux method's call value: an array (collected or stored), a list, or one value. */
    @SuppressWarnings("unchecked")
    static Flux<Object> elements(Object value) {
        return value instanceof Object[] array ? Flux.fromArray(array)
                : value instanceof List<?> list ? Flux.fromIterable((List<Object>) list) : Flux.just(value);
    }

    /**
     * Turns a fallback's value into what the guarded call completes with: Mono/Flux values are subscribed with
     * {@code context} (a {@link ContextView}) as a stage (of an array for a Flux), other values are returned as they
     * are.
     */
    @SuppressWarnings("unchecked")
    static Object unwrapFallback(Object value, Object context) {
        ContextView subscriberContext = (ContextView) context;
        if (value instanceof Mono<?> mono) {
            return ((Mono<Object>) mono).contextWrite(subscriberContext).toFuture();
        }
        if (value instanceof Flux<?> flux) {
            return ((Flux<Object>) flux).collectList().map(List::toArray).contextWrite(subscriberContext).toFuture();
        }
        return value;
    }
}
