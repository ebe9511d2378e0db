package dev.retrykit.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncCallTest {

    private final ManualClock clock = new ManualClock();
    private final ServiceRegistry registry = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock).build();

    @AfterEach
    void close() {
        registry.close();
    }

    private GuardedService service(TimeoutConfig timeout) {
        return registry.register("quotes", ServicePolicy.builder().strategy("fixed").baseDelay(Duration.ofSeconds(1))
                .maxDelay(Duration.ofSeconds(10)).maxAttempts(3).retryOn(IOException.class).timeout(timeout).build());
    }

    @Test
    void retriesOnTheSchedulerWithoutBlockingTheCaller() throws Exception {
        GuardedService service = service(TimeoutConfig.NONE);
        AtomicInteger calls = new AtomicInteger();
        Supplier<CompletionStage<String>> operation = () -> calls.incrementAndGet() < 3
                ? CompletableFuture.failedFuture(new IOException("down")) : CompletableFuture.completedFuture("ok");

        CompletableFuture<String> result = service.callAsync(operation);

        assertThat(result).isNotDone();
        assertThat(calls).hasValue(1);
        assertThat(clock.sleepCount()).isZero();
        clock.advanceMillis(1000);
        assertThat(calls).hasValue(2);
        clock.advanceMillis(1000);
        assertThat(result).isCompletedWithValue("ok");
        assertThat(service.statistics().count(Outcome.SUCCESS_AFTER_RETRY)).isEqualTo(1);
        assertThat(service.statistics().retries()).isEqualTo(2);
    }

    @Test
    void completesWithTheLastOriginalFailureAndEarlierOnesSuppressed() {
        GuardedService service = service(TimeoutConfig.NONE);
        List<IOException> failures = List.of(new IOException("1"), new IOException("2"), new IOException("3"));
        AtomicInteger calls = new AtomicInteger();

        CompletableFuture<String> result = service.callAsync(() -> CompletableFuture.failedFuture(failures.get(calls.getAndIncrement())));
        clock.runAll();

        assertThat(result).isCompletedExceptionally();
        Throwable thrown = catchCause(result);
        assertThat(thrown).isSameAs(failures.get(2));
        assertThat(thrown.getSuppressed()).containsExactly(failures.get(0), failures.get(1));
    }

    @Test
    void perAttemptTimeoutCancelsTheAttemptAndRetries() {
        GuardedService service = service(new TimeoutConfig(Duration.ofMillis(500), null, false));
        CompletableFuture<String> hanging = new CompletableFuture<>();
        AtomicInteger calls = new AtomicInteger();

        CompletableFuture<String> result = service.callAsync(() -> calls.incrementAndGet() == 1
                ? hanging : CompletableFuture.completedFuture("second"));
        clock.advanceMillis(500);

        assertThat(hanging).isCancelled();
        clock.runAll();
        assertThat(result).isCompletedWithValue("second");
    }

    @Test
    void synchronousThrowFromTheSupplierCountsAsAFailedAttempt() {
        GuardedService service = service(TimeoutConfig.NONE);
        AtomicInteger calls = new AtomicInteger();

        CompletableFuture<String> result = service.callAsync(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("bug");
            }
            return CompletableFuture.completedFuture("never");
        });

        assertThat(catchCause(result)).isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void fallbackMayAnswerAsynchronously() {
        GuardedService service = service(TimeoutConfig.NONE);
        CallOptions options = CallOptions.builder()
                .fallback(failure -> CompletableFuture.completedFuture("fallback"), List.of()).retries(false).build();

        CompletableFuture<String> result = service.callAsync(() -> CompletableFuture.failedFuture(new IOException("down")), options);

        assertThat(result).isCompletedWithValue("fallback");
        assertThat(service.statistics().count(Outcome.FALLBACK)).isEqualTo(1);
    }

    @Test
    void hedgesAnAsynchronousAttemptAfterTheDelayAndCancelsTheLoser() {
        GuardedService service = registry.register("hedged", ServicePolicy.builder().maxAttempts(1)
                .hedging(new dev.retrykit.core.hedge.HedgingConfig(true, Duration.ofMillis(100), 1)).build());
        CompletableFuture<String> primary = new CompletableFuture<>();
        AtomicInteger calls = new AtomicInteger();

        CompletableFuture<String> result = service.callAsync(() -> calls.incrementAndGet() == 1
                ? primary : CompletableFuture.completedFuture("hedge"));

        assertThat(result).isNotDone();
        clock.advanceMillis(100);
        assertThat(result).isCompletedWithValue("hedge");
        assertThat(primary).isCancelled();
        assertThat(calls).hasValue(2);
    }

    @Test
    void aFailedPrimaryIsNotHeldBackByAPendingHedge() {
        GuardedService service = registry.register("hedged", ServicePolicy.builder().maxAttempts(1)
                .hedging(new dev.retrykit.core.hedge.HedgingConfig(true, Duration.ofMillis(100), 2)).build());
        IOException failure = new IOException("down");

        CompletableFuture<String> result = service.callAsync(() -> CompletableFuture.failedFuture(failure));

        assertThat(catchCause(result)).isSameAs(failure);
    }

    @Test
    void noHedgeStartsWhenTheBudgetCannotPayForIt() {
        GuardedService service = registry.register("hedged", ServicePolicy.builder().maxAttempts(1)
                .budget(new dev.retrykit.core.budget.RetryBudgetConfig(true, 0.0, 0, 0, 0, 1))
                .hedging(new dev.retrykit.core.hedge.HedgingConfig(true, Duration.ofMillis(100), 1)).build());
        service.budget().tryAcquireRetry();
        CompletableFuture<String> primary = new CompletableFuture<>();
        AtomicInteger calls = new AtomicInteger();

        CompletableFuture<String> result = service.callAsync(() -> {
            calls.incrementAndGet();
            return primary;
        });
        clock.advanceMillis(500);
        primary.complete("primary");

        assertThat(result).isCompletedWithValue("primary");
        assertThat(calls).hasValue(1);
    }

    private static Throwable catchCause(CompletableFuture<?> future) {
        try {
            future.get();
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
