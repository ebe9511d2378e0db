package dev.retrykit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.classify.Classification;
import dev.retrykit.core.classify.RetryAfter;
import dev.retrykit.core.event.RetryEvent;
import dev.retrykit.core.event.RetryEventListener;
import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GuardedServiceTest {

    private final ManualClock clock = new ManualClock();
    private ServiceRegistry registry;

    @AfterEach
    void closeRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private GuardedService service(Consumer<ServicePolicy.Builder> settings) {
        return service(settings, ServiceRegistry.builder());
    }

    private GuardedService service(Consumer<ServicePolicy.Builder> settings, ServiceRegistry.Builder builder) {
        ServicePolicy.Builder policy = ServicePolicy.builder().strategy("fixed").baseDelay(Duration.ofMillis(100))
                .maxDelay(Duration.ofSeconds(10)).maxAttempts(3).retryOn(IOException.class);
        settings.accept(policy);
        registry = builder.clock(clock).sleeper(clock).scheduler(clock).build();
        return registry.register("orders", policy.build());
    }

    @Test
    void returnsValueOfFirstSuccessfulAttemptWithoutSleeping() {
        GuardedService service = service(p -> { });

        String value = service.call(() -> "ok");

        assertThat(value).isEqualTo("ok");
        assertThat(clock.sleepCount()).isZero();
        assertThat(service.statistics().count(Outcome.SUCCESS)).isEqualTo(1);
        assertThat(service.statistics().attempts()).isEqualTo(1);
    }

    @Test
    void retriesRetryableFailuresWithBackoffUntilSuccess() {
        GuardedService service = service(p -> { });
        ScriptedOperation<String> operation = ScriptedOperation.of(new IOException("a"), new ConnectException("b"), "ok");

        String value = service.call(operation);

        assertThat(value).isEqualTo("ok");
        assertThat(operation.calls()).isEqualTo(3);
        assertThat(clock.sleptNanos()).isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(service.statistics().count(Outcome.SUCCESS_AFTER_RETRY)).isEqualTo(1);
        assertThat(service.statistics().retries()).isEqualTo(2);
        assertThat(service.statistics().averageAttempts()).isEqualTo(3.0);
        assertThat(service.statistics().successRateAtAttempt(3)).isEqualTo(1.0);
    }

    @Test
    void rethrowsLastOriginalExceptionWithEarlierOnesSuppressed() {
        GuardedService service = service(p -> { });
        IOException first = new IOException("first");
        IOException second = new IOException("second");
        IOException third = new IOException("third");

        assertThatThrownBy(() -> service.call(ScriptedOperation.of(first, second, third)))
                .isSameAs(third)
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(first, second));
        assertThat(service.statistics().count(Outcome.EXHAUSTED)).isEqualTo(1);
    }

    @Test
    void keepsAtMostTenSuppressedExceptions() {
        GuardedService service = service(p -> p.maxAttempts(15).strategy("immediate"));
        List<Object> failures = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            failures.add(new IOException("failure " + i));
        }

        assertThatThrownBy(() -> service.call(ScriptedOperation.of(failures.toArray())))
                .isSameAs(failures.get(14))
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(10).startsWith((Throwable) failures.get(4)));
    }

    @Test
    void rethrowsNonRetryableFailureAtOnce() {
        GuardedService service = service(p -> { });
        ScriptedOperation<String> operation = ScriptedOperation.of(new IllegalStateException("bug"));

        assertThatThrownBy(() -> service.call(operation)).isInstanceOf(IllegalStateException.class).hasMessage("bug");
        assertThat(operation.calls()).isEqualTo(1);
        assertThat(service.statistics().count(Outcome.FAILURE)).isEqualTo(1);
    }

    @Test
    void nonRetryableWinsWhenBothListsMatchTheCauseChain() {
        GuardedService service = service(p -> p.noRetryOn(IllegalArgumentException.class));
        ScriptedOperation<String> operation = ScriptedOperation.of(new IOException("io", new IllegalArgumentException("bad")));

        assertThatThrownBy(() -> service.call(operation)).isInstanceOf(IOException.class);
        assertThat(operation.calls()).isEqualTo(1);
    }

    @Test
    void retriesWhenACauseIsRetryable() {
        GuardedService service = service(p -> { });
        ScriptedOperation<String> operation = ScriptedOperation.of(new RuntimeException("wrapped", new IOException("io")), "ok");

        assertThat(service.<String>call(operation)).isEqualTo("ok");
        assertThat(operation.calls()).isEqualTo(2);
    }

    @Test
    void aCallSitesRetryOnWinsOverTheServicesClassifiers() {
        ServiceRegistry.Builder builder = ServiceRegistry.builder().classifierProvider(policy -> error ->
                error instanceof ThrottledException ? Classification.CALLER_FAULT : null);
        GuardedService service = service(p -> { }, builder);
        CallOptions retryThrottling = CallOptions.builder().retryOn(List.of(ThrottledException.class)).build();
        ScriptedOperation<String> operation = ScriptedOperation.of(new ThrottledException(Duration.ZERO), "ok");

        assertThat(service.<String>call(operation, retryThrottling)).isEqualTo("ok");
        assertThat(operation.calls()).isEqualTo(2);
        assertThatThrownBy(() -> service.call(ScriptedOperation.of(new ThrottledException(Duration.ZERO), "ok")))
                .isInstanceOf(ThrottledException.class);
    }

    @Test
    void checkedExceptionIsRethrownUnwrapped() throws Exception {
        GuardedService service = service(p -> p.maxAttempts(1));
        Exception checked = new Exception("checked");

        assertThatThrownBy(() -> service.call(() -> {
            throw checked;
        })).isSameAs(checked);
    }

    @Test
    void totalDeadlineEndsRetriesWithoutSleepingPastIt() {
        GuardedService service = service(p -> p.maxAttempts(10).baseDelay(Duration.ofSeconds(1))
                .timeout(new TimeoutConfig(null, Duration.ofMillis(2500), false)));
        ScriptedOperation<String> operation = ScriptedOperation.of(new IOException("down"));

        assertThatThrownBy(() -> service.call(operation)).isInstanceOf(IOException.class);
        assertThat(clock.sleptNanos()).isLessThanOrEqualTo(Duration.ofMillis(2500).toNanos());
        assertThat(operation.calls()).isEqualTo(3);
        assertThat(service.statistics().count(Outcome.EXHAUSTED)).isEqualTo(1);
    }

    @Test
    void retryAfterHintIsAFloorOfTheDelay() {
        ServiceRegistry.Builder builder = ServiceRegistry.builder().classifierProvider(policy -> error ->
                error instanceof ThrottledException t ? Classification.retryableAfter(RetryAfter.ofDelay(t.retryAfter)) : null);
        GuardedService service = service(p -> p.respectRetryAfter(true), builder);

        String value = service.call(ScriptedOperation.of(new ThrottledException(Duration.ofSeconds(5)), "ok"));

        assertThat(value).isEqualTo("ok");
        assertThat(clock.sleptNanos()).isEqualTo(Duration.ofSeconds(5).toNanos());
    }

    @Test
    void retryAfterBeyondMaxDelayGivesUpAtOnceWithTheServersFailure() {
        ServiceRegistry.Builder builder = ServiceRegistry.builder().classifierProvider(policy -> error ->
                error instanceof ThrottledException t ? Classification.retryableAfter(RetryAfter.ofDelay(t.retryAfter)) : null);
        GuardedService service = service(p -> p.respectRetryAfter(true).maxDelay(Duration.ofSeconds(2)), builder);
        ThrottledException throttled = new ThrottledException(Duration.ofSeconds(30));
        ScriptedOperation<String> operation = ScriptedOperation.of(throttled, "ok");

        assertThatThrownBy(() -> service.call(operation)).isSameAs(throttled);
        assertThat(operation.calls()).isEqualTo(1);
        assertThat(clock.sleepCount()).isZero();
    }

    @Test
    void interruptDuringBackoffStopsRetryingKeepsTheFlagAndAttachesTheInterrupt() {
        ServiceRegistry.Builder builder = ServiceRegistry.builder();
        GuardedService service = service(p -> { }, builder);
        registry.close();
        registry = ServiceRegistry.builder().clock(clock).scheduler(clock).sleeper(nanos -> {
            throw new InterruptedException("stop");
        }).build();
        GuardedService interrupted = registry.register("orders", service.policy());
        IOException failure = new IOException("down");
        ScriptedOperation<String> operation = ScriptedOperation.of(failure, "ok");

        try {
            assertThatThrownBy(() -> interrupted.call(operation))
                    .isSameAs(failure)
                    .satisfies(e -> assertThat(e.getSuppressed()).hasAtLeastOneElementOfType(InterruptedException.class));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(operation.calls()).isEqualTo(1);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void retryOnResultRetriesAndReturnsTheLastResultWhenAttemptsRunOut() {
        GuardedService service = service(p -> { });
        CallOptions options = CallOptions.builder().retryOnResult(result -> "pending".equals(result)).build();
        ScriptedOperation<String> operation = ScriptedOperation.of("pending");

        assertThat(service.<String>call(operation, options)).isEqualTo("pending");
        assertThat(operation.calls()).isEqualTo(3);
    }

    @Test
    void retryOnResultStopsAtTheFirstAcceptedResult() {
        GuardedService service = service(p -> { });
        CallOptions options = CallOptions.builder().retryOnResult(result -> "pending".equals(result)).build();

        assertThat(service.<String>call(ScriptedOperation.of("pending", "done"), options)).isEqualTo("done");
    }

    @Test
    void callOptionsOverrideAttemptsAndRuntimeUpdatesWinOverThem() {
        GuardedService service = service(p -> { });
        CallOptions five = CallOptions.builder().maxAttempts(5).build();
        ScriptedOperation<String> first = ScriptedOperation.of(new IOException("down"));
        assertThatThrownBy(() -> service.call(first, five)).isInstanceOf(IOException.class);
        assertThat(first.calls()).isEqualTo(5);

        service.updatePolicy(service.policy().toBuilder().maxAttempts(2).build(), true);
        ScriptedOperation<String> second = ScriptedOperation.of(new IOException("down"));
        assertThatThrownBy(() -> service.call(second, five)).isInstanceOf(IOException.class);
        assertThat(second.calls()).isEqualTo(2);
    }

    @Test
    void withoutRetriesMakesExactlyOneAttempt() {
        GuardedService service = service(p -> { });
        ScriptedOperation<String> operation = ScriptedOperation.of(new IOException("down"), "ok");

        assertThatThrownBy(() -> service.call(operation, CallOptions.builder().retries(false).build()))
                .isInstanceOf(IOException.class);
        assertThat(operation.calls()).isEqualTo(1);
    }

    @Test
    void fallbackServesTheValueWhenRetriesRunOut() {
        GuardedService service = service(p -> { });
        List<Throwable> seen = new ArrayList<>();
        CallOptions options = CallOptions.builder().fallback(failure -> {
            seen.add(failure);
            return "cached";
        }, List.of()).build();

        assertThat(service.<String>call(ScriptedOperation.of(new IOException("down")), options)).isEqualTo("cached");
        assertThat(seen).singleElement().isInstanceOf(IOException.class);
        assertThat(service.statistics().count(Outcome.FALLBACK)).isEqualTo(1);
        assertThat(service.statistics().calls()).isEqualTo(1);
    }

    @Test
    void fallbackOnlyAppliesToTheListedFailures() {
        GuardedService service = service(p -> { });
        CallOptions options = CallOptions.builder().fallback(failure -> "cached", List.of(IllegalStateException.class)).build();

        assertThatThrownBy(() -> service.call(ScriptedOperation.of(new IOException("down")), options))
                .isInstanceOf(IOException.class);
    }

    @Test
    void openBreakerRejectsWithoutInvokingAndFallbackCoversRejections() {
        GuardedService service = service(p -> { });
        service.circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);
        ScriptedOperation<String> operation = ScriptedOperation.of("ok");

        assertThatThrownBy(() -> service.call(operation)).isInstanceOf(CircuitOpenException.class)
                .satisfies(e -> assertThat(((CallRejectedException) e).service()).isEqualTo("orders"));
        assertThat(operation.calls()).isZero();
        assertThat(service.statistics().count(Outcome.REJECTED)).isEqualTo(1);

        CallOptions withFallback = CallOptions.builder().fallback(failure -> "fallback", List.of()).build();
        assertThat(service.<String>call(operation, withFallback)).isEqualTo("fallback");
        assertThat(operation.calls()).isZero();
    }

    @Test
    void listenersSeeEveryStepAndRecentEventsAreNewestFirst() {
        List<String> seen = new CopyOnWriteArrayList<>();
        ServiceRegistry.Builder builder = ServiceRegistry.builder().listener(new RetryEventListener() {
            @Override
            public void onAttemptStarted(String service, int attempt) {
                seen.add("start " + attempt);
            }

            @Override
            public void onRetryScheduled(String service, int nextAttempt, int maxAttempts, long delayNanos, Throwable lastError) {
                seen.add("retry " + nextAttempt + "/" + maxAttempts + " after " + delayNanos / 1_000_000 + "ms");
            }

            @Override
            public void onCallFinished(String service, dev.retrykit.core.Outcome outcome, int attempts, long durationNanos) {
                seen.add(outcome.tagValue() + " after " + attempts);
            }
        });
        GuardedService service = service(p -> { }, builder);

        service.call(ScriptedOperation.of(new IOException("a"), "ok"));
        assertThatThrownBy(() -> service.call(ScriptedOperation.of(new IllegalStateException("bug"))));

        assertThat(seen).containsExactly("start 1", "retry 2/3 after 100ms", "start 2", "success_after_retry after 2",
                "start 1", "failure after 1");
        assertThat(service.recentEvents().newestFirst()).extracting(RetryEvent::type)
                .containsExactly(RetryEvent.Type.NON_RETRYABLE, RetryEvent.Type.RECOVERED, RetryEvent.Type.RETRY_SCHEDULED);
    }

    @Test
    void aThrowingListenerNeverBreaksTheCall() {
        ServiceRegistry.Builder builder = ServiceRegistry.builder().listener(new RetryEventListener() {
            @Override
            public void onAttemptStarted(String service, int attempt) {
                throw new IllegalStateException("listener bug");
            }
        });
        GuardedService service = service(p -> { }, builder);

        assertThat(service.<String>call(() -> "ok")).isEqualTo("ok");
    }

    @Test
    void registryCreatesUnknownServicesFromTheirTemplate() {
        registry = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock).build();

        GuardedService service = registry.service("llm", "ai-service");

        assertThat(service.policy().template()).isEqualTo("ai-service");
        assertThat(service.policy().maxAttempts()).isEqualTo(5);
        assertThat(registry.service("llm", "database")).isSameAs(service);
        assertThat(registry.service("other").policy().template()).isEqualTo("microservice");
    }

    /** A failure carrying a server's retry hint. */
    static final class ThrottledException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Duration retryAfter;

        ThrottledException(Duration retryAfter) {
            super("429 Too Many Requests");
            this.retryAfter = retryAfter;
        }
    }
}
