package dev.retrykit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.annotation.Retryable;
import dev.retrykit.core.observation.CallObserver;
import dev.retrykit.spring.observation.ObservationCallObserver;
import dev.retrykit.spring.observation.ResendCountObservationFilter;
import dev.retrykit.spring.observation.RetryAttemptContext;
import dev.retrykit.spring.observation.RetryCallContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/** Tracing is wired when an {@link ObservationRegistry} bean exists, for blocking, CompletionStage and Mono methods. */
class RetryObservationAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class, RetryAopAutoConfiguration.class,
                    RetryObservationAutoConfiguration.class))
            .withPropertyValues("retry.services.traced.strategy=fixed", "retry.services.traced.base-delay=1ms",
                    "retry.services.traced.max-delay=1ms", "retry.services.traced.max-attempts=3",
                    "retry.services.traced.retryable-exceptions=java.io.IOException");

    @Test
    void noObserverWithoutAnObservationRegistry() {
        runner.run(context -> assertThat(context).doesNotHaveBean(CallObserver.class)
                .doesNotHaveBean(ResendCountObservationFilter.class));
    }

    @Test
    void noObserverWhenRetrykitIsDisabled() {
        runner.withUserConfiguration(Observations.class).withPropertyValues("retry.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(CallObserver.class));
    }

    @Test
    void blockingMethodRetriedTwiceIsOneCallWithThreeAttempts() {
        runner.withUserConfiguration(Observations.class, Beans.class).run(context -> {
            assertThat(context).hasSingleBean(ObservationCallObserver.class).hasSingleBean(ResendCountObservationFilter.class);
            TracedClient client = context.getBean(TracedClient.class);
            client.failNext(2);

            assertThat(client.fetch()).isEqualTo("ok");

            assertCallWithThreeAttempts(context.getBean(TestObservationRegistry.class), client);
        });
    }

    @Test
    void completionStageMethodRetriedTwiceIsOneCallWithThreeAttempts() {
        runner.withUserConfiguration(Observations.class, Beans.class).run(context -> {
            TracedClient client = context.getBean(TracedClient.class);
            client.failNext(2);

            assertThat(client.fetchAsync().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("ok");

            assertCallWithThreeAttempts(context.getBean(TestObservationRegistry.class), client);
        });
    }

    @Test
    void monoMethodRetriedTwiceHasEachAttemptsObservationInItsReactorContext() {
        runner.withUserConfiguration(Observations.class, Beans.class).run(context -> {
            TracedClient client = context.getBean(TracedClient.class);
            client.failNext(2);

            assertThat(client.fetchMono().block(Duration.ofSeconds(10))).isEqualTo("ok");

            assertCallWithThreeAttempts(context.getBean(TestObservationRegistry.class), client);
        });
    }

    /** One {@code retry.call} (success after retry) with attempts 1..3 under it, each current in its own body. */
    private static void assertCallWithThreeAttempts(TestObservationRegistry observations, TracedClient client) {
        assertThat(observations).hasNumberOfObservationsWithNameEqualTo("retry.call", 1)
                .hasNumberOfObservationsWithNameEqualTo("retry.attempt", 3)
                .hasObservationWithNameEqualTo("retry.call").that()
                .hasLowCardinalityKeyValue("service", "traced")
                .hasLowCardinalityKeyValue("outcome", "success_after_retry").hasBeenStopped();
        List<Observation.ContextView> contexts = new CopyOnWriteArrayList<>();
        assertThat(observations).hasHandledContextsThatSatisfy(contexts::addAll);
        RetryCallContext call = contexts.stream().filter(RetryCallContext.class::isInstance)
                .map(RetryCallContext.class::cast).findFirst().orElseThrow();
        List<RetryAttemptContext> attempts = contexts.stream().filter(RetryAttemptContext.class::isInstance)
                .map(RetryAttemptContext.class::cast).toList();
        assertThat(attempts).extracting(RetryAttemptContext::getAttempt).containsExactly(1, 2, 3);
        assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.getParentObservation().getContextView()).isSameAs(call));
        assertThat(client.seenInBodies()).containsExactlyElementsOf(attempts);
    }

    @Configuration(proxyBeanMethods = false)
    static class Observations {
        @Bean
        TestObservationRegistry observationRegistry() {
            return TestObservationRegistry.create();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        TracedClient tracedClient(ObservationRegistry observations) {
            return new TracedClient(observations);
        }
    }

    static class TracedClient {
        final AtomicInteger failuresBeforeSuccess = new AtomicInteger();
        final List<Object> seenInBodies = new CopyOnWriteArrayList<>();
        private final ObservationRegistry observations;

        TracedClient(ObservationRegistry observations) {
            this.observations = observations;
        }

        public void failNext(int failures) {
            failuresBeforeSuccess.set(failures);
        }

        /** What each attempt found current: in its thread for blocking and stage methods, in its Reactor context for Mono. */
        public List<Object> seenInBodies() {
            return seenInBodies;
        }

        @Retryable("traced")
        public String fetch() throws IOException {
            seenInBodies.add(observations.getCurrentObservation().getContextView());
            return answer();
        }

        @Retryable("traced")
        public CompletionStage<String> fetchAsync() {
            seenInBodies.add(observations.getCurrentObservation().getContextView());
            try {
                return CompletableFuture.completedFuture(answer());
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Retryable("traced")
        public Mono<String> fetchMono() {
            return Mono.deferContextual(reactorContext -> {
                Observation attempt = reactorContext.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
                seenInBodies.add(attempt == null ? null : attempt.getContextView());
                try {
                    return Mono.just(answer());
                } catch (IOException e) {
                    return Mono.error(e);
                }
            });
        }

        private String answer() throws IOException {
            if (failuresBeforeSuccess.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                throw new IOException("down");
            }
            return "ok";
        }
    }
}
