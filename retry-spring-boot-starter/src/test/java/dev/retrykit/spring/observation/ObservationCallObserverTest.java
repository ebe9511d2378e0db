package dev.retrykit.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.TimeoutConfig;
import dev.retrykit.core.idempotency.IdempotencyKeys;
import dev.retrykit.core.time.ManualClock;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.transport.RequestReplySenderContext;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Guarded calls as Micrometer observations, recorded by a {@link TestObservationRegistry} (which also validates them). */
class ObservationCallObserverTest {

    private final TestObservationRegistry observations = TestObservationRegistry.create();
    private final ManualClock clock = new ManualClock();
    private final ServiceRegistry registry = ServiceRegistry.builder().sleeper(clock)
            .callObserver(new ObservationCallObserver(observations))
            .attemptDecorator(ContextSnapshotAttemptDecorator.create()).build();

    @AfterEach
    void close() {
        registry.close();
    }

    private static ServicePolicy.Builder retryingIo() {
        return ServicePolicy.builder().strategy("immediate").maxAttempts(3).retryOn(IOException.class);
    }

    @Test
    void callRetriedTwiceIsOneRetryCallWithThreeRetryAttemptChildren() {
        GuardedService service = registry.register("quotes", retryingIo().build());
        AtomicInteger runs = new AtomicInteger();
        List<Observation.ContextView> currentInBodies = new CopyOnWriteArrayList<>();
        Observation caller = Observation.start("caller", observations);

        String value;
        try (Observation.Scope ignored = caller.openScope()) {
            value = service.call(() -> {
                currentInBodies.add(observations.getCurrentObservation().getContextView());
                if (runs.incrementAndGet() < 3) {
                    throw new IOException("down " + runs.get());
                }
                return "ok";
            });
        }
        caller.stop();

        assertThat(value).isEqualTo("ok");
        assertThat(observations).hasNumberOfObservationsWithNameEqualTo("retry.call", 1)
                .hasNumberOfObservationsWithNameEqualTo("retry.attempt", 3)
                .hasObservationWithNameEqualTo("retry.call").that()
                .hasContextualNameEqualTo("retry quotes")
                .hasLowCardinalityKeyValue("service", "quotes")
                .hasLowCardinalityKeyValue("outcome", "success_after_retry")
                .hasHighCardinalityKeyValue("retry.attempts", "3")
                .hasBeenStarted().hasBeenStopped();
        RetryCallContext call = single(RetryCallContext.class);
        assertThat(call.getParentObservation().getContextView().getName()).isEqualTo("caller");
        List<RetryAttemptContext> attempts = all(RetryAttemptContext.class);
        assertThat(attempts).extracting(RetryAttemptContext::getAttempt).containsExactly(1, 2, 3);
        assertThat(attempts).allSatisfy(attempt -> {
            assertThat(attempt.getParentObservation().getContextView()).isSameAs(call);
            assertThat(attempt.getLowCardinalityKeyValue("service").getValue()).isEqualTo("quotes");
        });
        assertThat(attempts).extracting(a -> a.getLowCardinalityKeyValue("attempt").getValue())
                .containsExactly("1", "2", "3");
        assertThat(attempts).extracting(a -> a.getLowCardinalityKeyValue("error").getValue())
                .containsExactly("IOException", "IOException", "none");
        assertThat(attempts.get(0).getHighCardinalityKeyValue("error.type").getValue())
                .isEqualTo("java.io.IOException");
        assertThat(attempts.get(2).getHighCardinalityKeyValue("error.type")).isNull();
        assertThat(currentInBodies).containsExactlyElementsOf(attempts);
    }

    @Test
    void attemptOnAWorkerThreadIsCurrentThereWithTheCallersIdempotencyKey() {
        GuardedService service = registry.register("timed", retryingIo()
                .timeout(new TimeoutConfig(Duration.ofSeconds(30), null, false)).build());
        List<String> seen = new CopyOnWriteArrayList<>();
        String caller = Thread.currentThread().getName();

        IdempotencyKeys.supplyWith("order-7", () -> service.call(() -> {
            seen.add(Thread.currentThread().getName());
            seen.add(observations.getCurrentObservation().getContextView().getName());
            seen.add(IdempotencyKeys.current());
            return "ok";
        }));

        assertThat(seen).hasSize(3);
        assertThat(seen.get(0)).isNotEqualTo(caller);
        assertThat(seen.subList(1, 3)).containsExactly("retry.attempt", "order-7");
        assertThat(single(RetryAttemptContext.class).getParentObservation().getContextView())
                .isSameAs(single(RetryCallContext.class));
    }

    @Test
    void asyncCallRetriedTwiceIsOneRetryCallWithThreeRetryAttemptChildren() {
        ServiceRegistry virtualTime = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock)
                .callObserver(new ObservationCallObserver(observations)).build();
        try (virtualTime) {
            GuardedService service = virtualTime.register("async", retryingIo().build());
            AtomicInteger runs = new AtomicInteger();
            List<String> currentWhileStarting = new CopyOnWriteArrayList<>();
            Supplier<CompletionStage<String>> operation = () -> {
                currentWhileStarting.add(observations.getCurrentObservation().getContextView().getName());
                return runs.incrementAndGet() < 3
                        ? CompletableFuture.failedFuture(new IOException("down")) : CompletableFuture.completedFuture("ok");
            };

            CompletableFuture<String> result = service.callAsync(operation);
            clock.runAll();

            assertThat(result).isCompletedWithValue("ok");
        }
        assertThat(observations).hasNumberOfObservationsWithNameEqualTo("retry.call", 1)
                .hasNumberOfObservationsWithNameEqualTo("retry.attempt", 3)
                .hasObservationWithNameEqualTo("retry.call").that()
                .hasLowCardinalityKeyValue("outcome", "success_after_retry").hasBeenStopped();
        RetryCallContext call = single(RetryCallContext.class);
        assertThat(all(RetryAttemptContext.class)).allSatisfy(
                attempt -> assertThat(attempt.getParentObservation().getContextView()).isSameAs(call));
    }

    @Test
    void clientRequestsOfRetriesCarryTheOpenTelemetryResendCount() {
        observations.observationConfig().observationFilter(new ResendCountObservationFilter());
        GuardedService service = registry.register("http", retryingIo().build());
        AtomicInteger runs = new AtomicInteger();

        service.call(() -> {
            RequestReplySenderContext<Object, Object> request = new RequestReplySenderContext<>((carrier, key, value) -> { });
            Observation.createNotStarted("http.client.requests", () -> request, observations).observe(() -> { });
            if (runs.incrementAndGet() < 3) {
                throw new IOException("503");
            }
            return "ok";
        });

        List<RequestReplySenderContext> requests = all(RequestReplySenderContext.class);
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0).getHighCardinalityKeyValue("http.request.resend_count")).isNull();
        assertThat(requests.subList(1, 3)).extracting(r -> r.getHighCardinalityKeyValue("http.request.resend_count").getValue())
                .containsExactly("1", "2");
    }

    @Test
    void declinesCallsWhileTheRegistryIsTheNoopOne() {
        assertThat(new ObservationCallObserver(ObservationRegistry.NOOP).startCall("quotes", false)).isNull();
    }

    private <C> C single(Class<C> type) {
        List<C> found = all(type);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private <C> List<C> all(Class<C> type) {
        List<C> found = new CopyOnWriteArrayList<>();
        assertThat(observations).hasHandledContextsThatSatisfy(contexts -> contexts.stream()
                .filter(type::isInstance).map(type::cast).forEach(found::add));
        return found;
    }
}
