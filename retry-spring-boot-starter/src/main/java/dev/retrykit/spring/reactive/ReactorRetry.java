package dev.retrykit.spring.reactive;

import dev.retrykit.core.CallOptions;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.SteppedCall;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.ContextView;
import reactor.util.retry.Retry;

/**
 * Runs a {@code Mono} (or a finite {@code Flux}) under a {@link GuardedService}'s policy with Reactor's own operators,
 * driving the service's {@link SteppedCall}: every subscription is one guarded call; each attempt is a fresh
 * subscription of the source ({@code Mono.defer}) inside the subscriber's chain, so the subscriber's Reactor
 * {@code Context} reaches every attempt and a reactive fallback; retries are Reactor's {@code retryWhen} with a
 * {@link Retry} spec whose delays are the core's decision ({@code Mono.delay}); the per-attempt timeout is Reactor's
 * {@code timeout}. Nothing blocks a thread.
 *
 * <p>Permits follow PRODUCT §7b: the load-shedder slot is taken at subscription; each attempt takes the breaker's
 * permission and a bulkhead permit (waiting for one without a thread up to {@code bulkhead.max-wait}, resubscribed
 * when a permit is released), the permit given back as soon as the attempt's source completes, fails or is
 * cancelled (by a timeout or the subscriber). Disposing the subscription cancels the attempt in flight (or the
 * pending delay), gives back every permit and records outcome {@code cancelled}.
 *
 * <p>A {@code Flux} is collected per attempt and its elements are emitted once an attempt succeeded, so a retry never
 * emits an element twice; guard finite fluxes only. A policy with hedging runs through
 * {@link GuardedService#callAsync} instead (each attempt is still subscribed with the subscriber's context).
 *
 * <p>Immutable and thread-safe.
 */
public final class ReactorRetry {

    /** Delays and timeouts on Reactor's parallel scheduler, looked up at each use (so virtual time applies in tests). */
    public static final ReactorRetry DEFAULT = new ReactorRetry(null);

    private final Scheduler timer;

    /**
     * @param timer the scheduler of retry delays and attempt timeouts; {@code null} for Reactor's parallel scheduler,
     *              looked up at each use
     */
    public ReactorRetry(Scheduler timer) {
        this.timer = timer;
    }

    /**
     * A {@code Mono} whose every subscription is one guarded call of {@code attempt}'s {@code Mono}s.
     *
     * @param service the guarded service
     * @param options the call site's options; a fallback may return a value, a {@code Mono} or a
     *                {@code CompletionStage}
     * @param attempt supplies the source of one attempt; called once per attempt, inside the subscription
     * @return the guarded {@code Mono}
     */
    public <T> Mono<T> mono(GuardedService service, CallOptions options, Supplier<? extends Mono<? extends T>> attempt) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(attempt, "attempt");
        return Mono.defer(() -> service.policy().hedging().enabled()
                ? hedged(service, options, attempt)
                : new Run<T>(service.<T>steppedCall(options), attempt).mono());
    }

    /**
     * A {@code Flux} whose every subscription is one guarded call: each attempt's {@code Flux} is collected, and the
     * elements of the attempt that succeeded are emitted (a fallback may return a {@code Flux}, a {@code List} or a
     * single value).
     *
     * @param service the guarded service
     * @param options the call site's options
     * @param attempt supplies the source of one attempt; called once per attempt, inside the subscription
     * @return the guarded {@code Flux}
     */
    public <T> Flux<T> flux(GuardedService service, CallOptions options, Supplier<? extends Flux<? extends T>> attempt) {
        Objects.requireNonNull(attempt, "attempt");
        return this.<Object>mono(service, options, () -> attempt.get().collectList())
                .flatMapMany(ReactorRetry::elements);
    }

    /** The elements of a guarded Flux call's value: a collected list, an array, or one value. */
    @SuppressWarnings("unchecked")
    static <T> Flux<T> elements(Object value) {
        if (value instanceof List<?> list) {
            return Flux.fromIterable((List<T>) list);
        }
        if (value instanceof Object[] array) {
            return Flux.fromArray((T[]) array);
        }
        return Flux.just((T) value);
    }

    /**
     * A call's value as a {@code Mono}: a fallback's {@code Mono} as it is (subscribed within the caller's chain), a
     * {@code Flux} collected into a list, a {@code CompletionStage} awaited, anything else as the value.
     */
    @SuppressWarnings("unchecked")
    static <T> Mono<T> asMono(Object value) {
        if (value instanceof Mono<?> mono) {
            return (Mono<T>) mono;
        }
        if (value instanceof Publisher<?> publisher) {
            return (Mono<T>) Flux.from(publisher).collectList();
        }
        if (value instanceof CompletionStage<?> stage) {
            return Mono.fromCompletionStage((CompletionStage<T>) stage);
        }
        return Mono.justOrEmpty((T) value);
    }

    private Scheduler timer() {
        return timer != null ? timer : Schedulers.parallel();
    }

    /**
     * Hedging starts attempts side by side, which {@link SteppedCall} does not drive: the call goes through
     * {@code callAsync}, each attempt subscribed with the subscriber's context, and disposing the subscription
     * cancels the call.
     */
    private <T> Mono<T> hedged(GuardedService service, CallOptions options, Supplier<? extends Mono<? extends T>> attempt) {
        return Mono.deferContextual(context -> {
            CallOptions withStageFallback = options.fallback() == null ? options
                    : options.withCallBindings(failure -> asStage(options.fallback().apply(failure), context),
                            options.retryOnResult());
            CompletableFuture<T> call = service.callAsync(
                    () -> Mono.<T>defer(attempt).contextWrite(context).toFuture(), withStageFallback);
            return Mono.fromFuture(call, false);
        });
    }

    /** A fallback's reactive value as a stage subscribed with the subscriber's context; other values as they are. */
    private static Object asStage(Object value, ContextView context) {
        return value instanceof Publisher<?> ? asMono(value).contextWrite(context).toFuture() : value;
    }

    /**
     * The marker an attempt ends with when the core decided on another attempt: after a delay, or once a bulkhead
     * permit may be free.
     */
    private final class RetryLater extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient Mono<?> signal;
        private final long delayNanos;

        RetryLater(long delayNanos) {
            super(null, null, false, false);
            this.signal = null;
            this.delayNanos = delayNanos;
        }

        RetryLater(Mono<?> signal) {
            super(null, null, false, false);
            this.signal = signal;
            this.delayNanos = 0;
        }

        /** Emits when the next attempt is due. */
        Mono<?> when() {
            return signal != null ? signal : Mono.delay(Duration.ofNanos(delayNanos), timer());
        }
    }

    /** One subscription: one guarded call. */
    private final class Run<T> {

        private final SteppedCall<T> call;
        private final Supplier<? extends Mono<? extends T>> source;

        Run(SteppedCall<T> call, Supplier<? extends Mono<? extends T>> source) {
            this.call = call;
            this.source = source;
        }

        Mono<T> mono() {
            if (!call.admit()) {
                return ending();
            }
            return Mono.defer(this::attempt)
                    .retryWhen(Retry.from(signals -> signals.concatMap(signal -> signal.failure() instanceof RetryLater later
                            ? later.when()
                            : Mono.error(signal.failure()))))
                    .then(Mono.defer(this::ending))
                    .doOnCancel(call::cancel);
        }

        /** One attempt: completes empty when the call ended, fails with {@link RetryLater} for another attempt. */
        private Mono<Object> attempt() {
            Sinks.One<Long> permitMayBeFree = Sinks.one();
            SteppedCall<T>.Attempt attempt = call.nextAttempt(() -> permitMayBeFree.tryEmitValue(0L));
            if (attempt == null) {
                // ended, or waiting for a bulkhead permit without a thread
                return call.isEnded() ? Mono.empty() : Mono.error(new RetryLater(permitMayBeFree.asMono()));
            }
            // the permit goes back before the verdict travels on, so the next attempt can have it
            // subscribed with the attempt's observation current, captured into the Reactor context (with Micrometer
            // context-propagation present) so that an exchange the attempt starts is traced as its child
            Mono<T> captured = Mono.<T>defer(source).contextCapture();
            Mono<T> body = Mono.<T>from(subscriber -> call.inAttemptScope(() -> {
                        captured.subscribe(subscriber);
                        return null;
                    }))
                    .doOnSuccess(value -> attempt.bodyEnded())
                    .doOnError(error -> attempt.bodyEnded())
                    .doOnCancel(attempt::bodyEnded);
            Duration limit = attempt.timeout();
            if (limit != null) {
                body = body.timeout(limit, Mono.error(attempt::timedOut), timer());
            }
            return body.map(attempt::succeeded)
                    .switchIfEmpty(Mono.fromSupplier(() -> attempt.succeeded(null)))
                    .onErrorResume(error -> Mono.just(attempt.failed(error)))
                    .doOnCancel(attempt::abandoned)
                    .flatMap(next -> next < 0 ? Mono.empty() : Mono.error(new RetryLater(next)));
        }

        private Mono<T> ending() {
            Object value;
            try {
                value = call.result();
            } catch (Throwable failure) {
                return Mono.error(failure);
            }
            return asMono(value);
        }
    }
}
