package dev.retrykit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.retrykit.core.GuardedServiceTest.ThrottledException;
import dev.retrykit.core.breaker.CircuitBreakerConfig;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.budget.RetryBudgetConfig;
import dev.retrykit.core.bulkhead.BulkheadConfig;
import dev.retrykit.core.classify.Classification;
import dev.retrykit.core.classify.RetryAfter;
import dev.retrykit.core.event.RetryEvent;
import dev.retrykit.core.event.RetryEventListener;
import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every call that gives up says why, once, to the listeners and in the recent events; blocking and async alike. */
class GiveUpReasonTest {

    private final ManualClock clock = new ManualClock();
    private final List<String> gaveUp = new CopyOnWriteArrayList<>();
    private final List<String> retries = new CopyOnWriteArrayList<>();
    private ServiceRegistry registry;

    @AfterEach
    void closeRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private GuardedService service(Consumer<ServicePolicy.Builder> settings) {
        ServicePolicy.Builder policy = ServicePolicy.builder().strategy("fixed").baseDelay(Duration.ofSeconds(1))
                .maxDelay(Duration.ofSeconds(10)).maxAttempts(3).retryOn(IOException.class)
                .noRetryOn(IllegalArgumentException.class).respectRetryAfter(true);
        settings.accept(policy);
        registry = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock)
                .classifierProvider(p -> error -> error instanceof ThrottledException t
                        ? Classification.retryableAfter(RetryAfter.ofDelay(t.retryAfter)) : null)
                .listener(new RetryEventListener() {
                    @Override
                    public void onGaveUp(String service, int attempts, long elapsedNanos, GiveUpReason reason,
                                         Throwable lastError) {
                        gaveUp.add(reason + " after " + attempts + " in " + elapsedNanos / 1_000_000 + "ms");
                    }

                    @Override
                    public void onRetryScheduled(String service, int nextAttempt, int maxAttempts, long delayNanos,
                                                 Throwable lastError) {
                        retries.add("retry " + nextAttempt);
                    }
                }).build();
        return registry.register("orders", policy.build());
    }

    private static Throwable failing(GuardedService service, RuntimeException... failures) {
        int[] next = {0};
        return catchThrowable(() -> service.call(() -> {
            RuntimeException failure = failures[Math.min(next[0]++, failures.length - 1)];
            if (failure == null) {
                throw new IOException("down");
            }
            throw failure;
        }));
    }

    @Test
    void attemptsExhausted() {
        GuardedService service = service(p -> { });

        assertThat(failing(service, (RuntimeException) null)).isInstanceOf(IOException.class);

        assertThat(gaveUp).containsExactly("ATTEMPTS_EXHAUSTED after 3 in 2000ms");
        assertThat(retries).containsExactly("retry 2", "retry 3");
        RetryEvent event = service.recentEvents().newestFirst().get(0);
        assertThat(event.type()).isEqualTo(RetryEvent.Type.EXHAUSTED);
        assertThat(event.message()).isEqualTo("attempts exhausted: down");
    }

    @Test
    void notRetryable() {
        GuardedService service = service(p -> { });

        failing(service, new IllegalArgumentException("bad"));

        assertThat(gaveUp).containsExactly("NOT_RETRYABLE after 1 in 0ms");
        assertThat(service.statistics().count(Outcome.FAILURE)).isEqualTo(1);
    }

    @Test
    void deadline() {
        GuardedService service = service(p -> p.timeout(new TimeoutConfig(null, Duration.ofMillis(1500), false)));

        failing(service, (RuntimeException) null);

        assertThat(gaveUp).containsExactly("DEADLINE after 2 in 1000ms");
    }

    @Test
    void retryAfterBeyondMaxDelay() {
        GuardedService service = service(p -> { });

        failing(service, new ThrottledException(Duration.ofSeconds(30)));

        assertThat(gaveUp).containsExactly("RETRY_AFTER_TOO_LONG after 1 in 0ms");
        assertThat(retries).isEmpty();
    }

    @Test
    void retryAfterBeyondTheDeadline() {
        GuardedService service = service(p -> p.timeout(new TimeoutConfig(null, Duration.ofSeconds(5), false)));

        failing(service, new ThrottledException(Duration.ofSeconds(8)));

        assertThat(gaveUp).containsExactly("RETRY_AFTER_TOO_LONG after 1 in 0ms");
    }

    @Test
    void budget() {
        GuardedService service = service(p -> p.budget(new RetryBudgetConfig(true, 0, 0, 0, 0, 1)));

        failing(service, (RuntimeException) null);

        assertThat(gaveUp).containsExactly("BUDGET after 2 in 1000ms");
        assertThat(service.statistics().count(Outcome.BUDGET_EXHAUSTED)).isEqualTo(1);
    }

    @Test
    void aRetryTheOpenBreakerWouldRefuseIsNeitherScheduledNorSleptFor() {
        GuardedService service = service(p -> p.circuitBreaker(CircuitBreakerConfig.builder().minimumCalls(1)
                .slidingWindowSize(10).failureRateThreshold(50).waitInOpen(Duration.ofSeconds(30)).build()));

        Throwable thrown = failing(service, (RuntimeException) null);

        assertThat(service.circuitBreaker().state()).isEqualTo(CircuitState.OPEN);
        assertThat(gaveUp).containsExactly("CIRCUIT_OPEN after 1 in 0ms");
        assertThat(retries).isEmpty();
        assertThat(clock.sleepCount()).isZero();
        assertThat(thrown).isInstanceOf(IOException.class)
                .hasSuppressedException(new CircuitOpenException("orders", "circuit breaker of service 'orders' is OPEN"));
        assertThat(service.statistics().count(Outcome.EXHAUSTED)).isEqualTo(1);
    }

    @Test
    void aRetryDueAfterTheOpenWaitIsStillScheduled() {
        GuardedService service = service(p -> p.baseDelay(Duration.ofSeconds(5)).circuitBreaker(CircuitBreakerConfig
                .builder().minimumCalls(1).slidingWindowSize(10).failureRateThreshold(50)
                .waitInOpen(Duration.ofSeconds(2)).halfOpenCalls(1).build()));

        String value = service.call(ScriptedOperation.of(new IOException("down"), "ok"));

        assertThat(value).isEqualTo("ok");
        assertThat(retries).containsExactly("retry 2");
        assertThat(gaveUp).isEmpty();
        assertThat(service.circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void forcedOpenDuringTheAttemptEndsTheCallWithoutARetry() {
        GuardedService service = service(p -> { });

        catchThrowable(() -> service.call(() -> {
            service.circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);
            throw new IOException("down");
        }));

        assertThat(gaveUp).containsExactly("CIRCUIT_OPEN after 1 in 0ms");
        assertThat(retries).isEmpty();
    }

    @Test
    void bulkheadFullWhenTheRetryIsDue() {
        GuardedService service = service(p -> p.bulkhead(new BulkheadConfig(1, Duration.ZERO)));
        // while the second backoff runs, someone else takes the only permit
        clock.schedule(() -> service.bulkhead().tryAcquire(), Duration.ofMillis(1500).toNanos());

        Throwable thrown = failing(service, (RuntimeException) null);

        assertThat(gaveUp).containsExactly("BULKHEAD_FULL after 2 in 2000ms");
        assertThat(thrown).isInstanceOf(IOException.class);
    }

    @Test
    void asyncCallsSayWhyToo() {
        GuardedService service = service(p -> p.budget(new RetryBudgetConfig(true, 0, 0, 0, 0, 1)));

        CompletableFuture<String> call = service.callAsync(
                () -> CompletableFuture.failedFuture(new IOException("down")));
        clock.runAll();

        assertThat(call).isCompletedExceptionally();
        assertThat(gaveUp).containsExactly("BUDGET after 2 in 1000ms");
    }
}
