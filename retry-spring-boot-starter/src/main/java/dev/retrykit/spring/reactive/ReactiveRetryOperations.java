package dev.retrykit.spring.reactive;

import dev.retrykit.core.CallOptions;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Guards {@code Mono} and {@code Flux} publishers under a named service without annotations — the reactive
 * counterpart of {@code @Retryable} on a reactive method, and of Spring Cloud CircuitBreaker's
 * {@code ReactiveCircuitBreaker.run(mono, fallback)}. A service configured under {@code retry.services.NAME} gets its
 * policy, any other name the default template on first use.
 *
 * <p>Every subscription of the returned publisher is one guarded call: load shedding, deadline, retries (Reactor's
 * {@code retryWhen} with the service's backoff, budgets and {@code Retry-After}), breaker, bulkhead per attempt,
 * per-attempt timeout (Reactor's {@code timeout}), in the order of PRODUCT §7b, without blocking a thread. The source
 * is subscribed once per attempt, so pass a cold publisher (a {@code WebClient} exchange, {@code Mono.fromCallable},
 * {@code Mono.defer}): a cached one answers every attempt the same. The subscriber's Reactor {@code Context} reaches
 * every attempt and the fallback; disposing the subscription cancels the attempt in flight and gives back every
 * permit. A {@code Flux} is collected per attempt and its elements emitted once an attempt succeeded, so a retry
 * never emits duplicates: guard finite fluxes only.
 *
 * <p>Auto-configured as a bean when Reactor is on the classpath. Immutable and thread-safe.
 */
public final class ReactiveRetryOperations {

    private final ServiceRegistry registry;
    private final ReactorRetry retry;

    /** Guards under {@code registry}'s services, delays and timeouts on Reactor's parallel scheduler. */
    public ReactiveRetryOperations(ServiceRegistry registry) {
        this(registry, ReactorRetry.DEFAULT);
    }

    /** Guards under {@code registry}'s services with {@code retry}'s scheduler. */
    public ReactiveRetryOperations(ServiceRegistry registry, ReactorRetry retry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    /**
     * {@code mono} guarded by {@code service}: its value, or the last failure (earlier ones suppressed), or a
     * {@link dev.retrykit.core.CallRejectedException} when refused before an attempt.
     */
    public <T> Mono<T> guard(String service, Mono<T> mono) {
        return guard(service, mono, CallOptions.DEFAULT);
    }

    /**
     * {@code mono} guarded by {@code service}; a call that fails for good (or is refused) is answered by
     * {@code fallback}'s {@code Mono}, subscribed with the subscriber's context (outcome {@code fallback}).
     */
    public <T> Mono<T> guard(String service, Mono<T> mono, Function<Throwable, ? extends Mono<? extends T>> fallback) {
        return guard(service, mono, withFallback(fallback));
    }

    /** {@code mono} guarded by {@code service} with a call site's {@code options} (priority, retryOn, fallback...). */
    public <T> Mono<T> guard(String service, Mono<T> mono, CallOptions options) {
        Objects.requireNonNull(mono, "mono");
        return retry.mono(service(service), options, () -> mono);
    }

    /** {@code flux} guarded by {@code service}: the elements of the attempt that succeeded, or the last failure. */
    public <T> Flux<T> guard(String service, Flux<T> flux) {
        return guard(service, flux, CallOptions.DEFAULT);
    }

    /**
     * {@code flux} guarded by {@code service}; a call that fails for good (or is refused) is answered by
     * {@code fallback}'s {@code Flux}, subscribed with the subscriber's context.
     */
    public <T> Flux<T> guard(String service, Flux<T> flux, Function<Throwable, ? extends Flux<? extends T>> fallback) {
        return guard(service, flux, withFallback(fallback));
    }

    /** {@code flux} guarded by {@code service} with a call site's {@code options}. */
    public <T> Flux<T> guard(String service, Flux<T> flux, CallOptions options) {
        Objects.requireNonNull(flux, "flux");
        return retry.flux(service(service), options, () -> flux);
    }

    private GuardedService service(String name) {
        return registry.service(Objects.requireNonNull(name, "service"));
    }

    private static CallOptions withFallback(Function<Throwable, ?> fallback) {
        Objects.requireNonNull(fallback, "fallback");
        return CallOptions.builder().fallback(fallback::apply, List.of()).build();
    }
}
