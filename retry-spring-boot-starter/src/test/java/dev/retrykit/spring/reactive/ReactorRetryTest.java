package dev.retrykit.spring.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.AttemptTimeoutException;
import dev.retrykit.core.BulkheadFullException;
import dev.retrykit.core.CallOptions;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.TimeoutConfig;
import dev.retrykit.core.bulkhead.BulkheadConfig;
import dev.retrykit.core.hedge.HedgingConfig;
import dev.retrykit.core.shed.LoadSheddingConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/**
 * Mono and Flux retried with Reactor's own operators on a real guarded service: each attempt a fresh subscription in
 * the subscriber's chain, delays and timeouts on Reactor's (here virtual) time, permits given back on cancel.
 */
class ReactorRetryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ServiceRegistry registry = ServiceRegistry.builder().maxConcurrentRetries(10).build();
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final List<String> seenTenants = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        registry.close();
    }

    private GuardedService service(ServicePolicy.Builder policy) {
        return registry.register("reactive", policy.build());
    }

    private static ServicePolicy.Builder retrying() {
        return ServicePolicy.builder().strategy("fixed").baseDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofSeconds(1))
                .maxAttempts(3).retryOn(IOException.class);
    }

    /** Fails the first {@code failures} subscriptions, then emits the subscriber's tenant. */
    private Mono<String> flaky(int failures) {
        return Mono.deferContextual(context -> {
            String tenant = context.getOrDefault("tenant", "none");
            seenTenants.add(tenant);
            return subscriptions.incrementAndGet() <= failures
                    ? Mono.error(new IOException("down")) : Mono.just("tenant:" + tenant);
        });
    }

    @Test
    void retriesResubscribeTheSourceAfterTheBackoffOnReactorsTime() {
        GuardedService service = service(retrying());

        StepVerifier.withVirtualTime(() -> ReactorRetry.DEFAULT.mono(service, CallOptions.DEFAULT, () -> flaky(2)))
                .expectSubscription()
                .then(() -> assertThat(subscriptions).hasValue(1))
                .expectNoEvent(Duration.ofMillis(999))
                .thenAwait(Duration.ofMillis(1))
                .then(() -> assertThat(subscriptions).hasValue(2))
                .thenAwait(Duration.ofSeconds(1))
                .expectNext("tenant:none").expectComplete().verify(WAIT);

        assertThat(service.statistics().count(Outcome.SUCCESS_AFTER_RETRY)).isEqualTo(1);
        assertThat(service.statistics().retries()).isEqualTo(2);
        assertThat(registry.globalRetryLimit().inFlight()).isZero();
    }

    @Test
    void everyAttemptSeesTheSubscribersContext() {
        GuardedService service = service(retrying().baseDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(1)));

        StepVerifier.create(ReactorRetry.DEFAULT.mono(service, CallOptions.DEFAULT, () -> flaky(2))
                        .contextWrite(Context.of("tenant", "acme")))
                .expectNext("tenant:acme").expectComplete().verify(WAIT);

        assertThat(seenTenants).containsExactly("acme", "acme", "acme");
    }

    @Test
    void theLastFailureEndsTheCallWhenAttemptsRunOut() {
        GuardedService service = service(retrying().baseDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(1)));

        StepVerifier.create(ReactorRetry.DEFAULT.mono(service, CallOptions.DEFAULT, () -> flaky(5)))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(IOException.class)
                        .satisfies(last -> assertThat(last.getSuppressed()).hasSize(2)))
                .verify(WAIT);

        assertThat(subscriptions).hasValue(3);
        assertThat(service.statistics().count(Outcome.EXHAUSTED)).isEqualTo(1);
    }

    @Test
    void aReactiveFallbackIsSubscribedInTheSubscribersChain() {
        GuardedService service = service(retrying().maxAttempts(1));
        CallOptions options = CallOptions.builder().fallback(failure -> Mono.deferContextual(context ->
                Mono.just("fallback:" + context.get("tenant"))), List.of()).build();

        StepVerifier.create(ReactorRetry.DEFAULT.mono(service, options, () -> flaky(5))
                        .contextWrite(Context.of("tenant", "acme")))
                .expectNext("fallback:acme").expectComplete().verify(WAIT);

        assertThat(service.statistics().count(Outcome.FALLBACK)).isEqualTo(1);
    }

    @Test
    void disposingTheSubscriptionCancelsTheAttemptAndGivesBackEveryPermit() {
        GuardedService service = service(retrying().bulkhead(new BulkheadConfig(1, Duration.ZERO))
                .loadShedding(new LoadSheddingConfig(true, 1.0, false)));
        AtomicBoolean attemptCancelled = new AtomicBoolean();

        StepVerifier.create(ReactorRetry.DEFAULT.mono(service, CallOptions.DEFAULT,
                        () -> Mono.never().doOnCancel(() -> attemptCancelled.set(true))))
                .expectSubscription()
                .then(() -> assertThat(service.bulkhead().availableCalls()).isZero())
                .thenCancel().verify(WAIT);

        assertThat(attemptCancelled).isTrue();
        assertThat(service.bulkhead().availableCalls()).isEqualTo(1);
        assertThat(service.loadShedder().inFlight()).isZero();
        assertThat(service.statistics().count(Outcome.CANCELLED)).isEqualTo(1);
        assertThat(service.statistics().calls()).isEqualTo(1);
    }

    @Test
    void disposingDuringTheBackoffStopsTheRetriesAndGivesBackTheRetrySlot() {
        GuardedService service = service(retrying());

        StepVerifier.withVirtualTime(() -> ReactorRetry.DEFAULT.mono(service, CallOptions.DEFAULT, () -> flaky(5)))
                .expectSubscription()
                .then(() -> assertThat(registry.globalRetryLimit().inFlight()).isEqualTo(1))
                .thenAwait(Duration.ofMillis(500))
                .thenCancel().verify(WAIT);

        assertThat(subscriptions).hasValue(1);
        assertThat(registry.globalRetryLimit().inFlight()).isZero();
        assertThat(service.statistics().count(Outcome.CANCELLED)).isEqualTo(1);
    }

    @Test
    void anAttemptOverItsTimeoutIsCancelledAndRetried() {
        GuardedService service = service(retrying().bulkhead(new BulkheadConfig(1, Duration.ZERO))
                .timeout(new TimeoutConfig(Duration.ofMillis(100), null, false)));
        AtomicInteger cancelled = new AtomicInteger();

        StepVerifier.withVirtualTime(() -> ReactorRetry.DEFAULT.mono(service, CallOptions.DEFAULT, () -> {
                    subscriptions.incrementAndGet();
                    return Mono.<String>never().doOnCancel(cancelled::incrementAndGet);
                }))
                .expectSubscription()
                .thenAwait(Duration.ofMillis(100))
                .then(() -> {
                    assertThat(cancelled).as("the timed-out attempt is cancelled").hasValue(1);
                    assertThat(service.bulkhead().availableCalls()).as("and its permit is back").isEqualTo(1);
                })
                .thenAwait(Duration.ofSeconds(3))
                .expectError(AttemptTimeoutException.class).verify(WAIT);

        assertThat(subscriptions).hasValue(3);
        assertThat(cancelled).hasValue(3);
        assertThat(service.statistics().count(Outcome.EXHAUSTED)).isEqualTo(1);
    }

    @Test
    void aFullBulkheadRejectsTheSubscription() {
        GuardedService service = service(retrying().bulkhead(new BulkheadConfig(1, Duration.ZERO)));
        Mono<Object> holding = ReactorRetry.DEFAULT.mono(service, CallOptions.DEFAULT, Mono::never);

        StepVerifier.create(holding).expectSubscription()
                .then(() -> StepVerifier.create(ReactorRetry.DEFAULT.mono(service, CallOptions.DEFAULT, () -> flaky(0)))
                        .expectError(BulkheadFullException.class).verify(WAIT))
                .thenCancel().verify(WAIT);

        assertThat(subscriptions).as("the rejected call never subscribed its source").hasValue(0);
        assertThat(service.statistics().count(Outcome.REJECTED)).isEqualTo(1);
        assertThat(service.bulkhead().availableCalls()).isEqualTo(1);
    }

    @Test
    void aSubscriptionWaitsForTheBulkheadPermitAnotherCallGivesBack() {
        GuardedService service = service(retrying().bulkhead(new BulkheadConfig(1, Duration.ofSeconds(30))));
        Disposable holder = ReactorRetry.DEFAULT.mono(service, CallOptions.DEFAULT, Mono::never).subscribe();

        StepVerifier.create(ReactorRetry.DEFAULT.mono(service, CallOptions.DEFAULT, () -> flaky(0)))
                .expectSubscription()
                .then(() -> assertThat(subscriptions).as("waiting, not subscribed").hasValue(0))
                .then(holder::dispose)
                .expectNext("tenant:none").expectComplete().verify(WAIT);

        assertThat(service.statistics().count(Outcome.SUCCESS)).isEqualTo(1);
        assertThat(service.bulkhead().availableCalls()).isEqualTo(1);
    }

    @Test
    void aWaitForThePermitThatRunsOutIsARejection() {
        GuardedService service = service(retrying().bulkhead(new BulkheadConfig(1, Duration.ofMillis(50))));
        Disposable holder = ReactorRetry.DEFAULT.mono(service, CallOptions.DEFAULT, Mono::never).subscribe();

        StepVerifier.create(ReactorRetry.DEFAULT.mono(service, CallOptions.DEFAULT, () -> flaky(0)))
                .expectError(BulkheadFullException.class).verify(WAIT);

        holder.dispose();
        assertThat(subscriptions).hasValue(0);
        assertThat(service.statistics().count(Outcome.REJECTED)).isEqualTo(1);
    }

    @Test
    void disposingAWaitingSubscriptionStopsTheWait() {
        GuardedService service = service(retrying().bulkhead(new BulkheadConfig(1, Duration.ofSeconds(30))));
        Disposable holder = ReactorRetry.DEFAULT.mono(service, CallOptions.DEFAULT, Mono::never).subscribe();

        StepVerifier.create(ReactorRetry.DEFAULT.mono(service, CallOptions.DEFAULT, () -> flaky(0)))
                .expectSubscription().thenCancel().verify(WAIT);
        holder.dispose();

        assertThat(subscriptions).hasValue(0);
        assertThat(service.statistics().count(Outcome.CANCELLED)).isEqualTo(2);
        assertThat(service.bulkhead().availableCalls()).isEqualTo(1);
    }

    @Test
    void aFluxIsCollectedPerAttemptSoARetryEmitsNoDuplicates() {
        GuardedService service = service(retrying().baseDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(1)));

        Flux<String> guarded = ReactorRetry.DEFAULT.flux(service, CallOptions.DEFAULT, () -> Flux.defer(() ->
                subscriptions.incrementAndGet() == 1
                        ? Flux.concat(Flux.just("a"), Flux.error(new IOException("broken after one element")))
                        : Flux.just("a", "b")));

        StepVerifier.create(guarded).expectNext("a", "b").expectComplete().verify(WAIT);
        assertThat(subscriptions).hasValue(2);
    }

    @Test
    void aHedgedPolicyStillSeesTheSubscribersContext() {
        GuardedService service = service(retrying().baseDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(1))
                .hedging(new HedgingConfig(true, Duration.ofSeconds(5), 1)));

        StepVerifier.create(ReactorRetry.DEFAULT.mono(service, CallOptions.DEFAULT, () -> flaky(1))
                        .contextWrite(Context.of("tenant", "acme")))
                .expectNext("tenant:acme").expectComplete().verify(WAIT);

        assertThat(seenTenants).containsOnly("acme");
    }
}
