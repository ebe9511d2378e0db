package dev.retrykit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.core.budget.RetryBudgetConfig;
import dev.retrykit.core.hedge.HedgingConfig;
import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Edge cases of the call path: budget-refused hedges, throwing result predicates, interrupted callers. */
class ReviewFindingsTest {

    private final ManualClock clock = new ManualClock();
    private final ServiceRegistry registry = ServiceRegistry.builder().sleeper(clock).globalBudget(RetryBudgetConfig.DISABLED).build();

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void aHedgeRefusedByTheBudgetLeavesThePrimaryResultIntact() {
        GuardedService service = registry.register("hedged", ServicePolicy.builder().maxAttempts(1)
                .budget(new RetryBudgetConfig(true, 0.0, 0, 0, 0, 1))
                .hedging(new HedgingConfig(true, Duration.ofMillis(5), 1)).build());
        CheckedSupplier<String> slow = () -> {
            Thread.sleep(50);
            return "primary";
        };

        assertThat(service.call(slow)).isEqualTo("primary");
        assertThat(service.budget().remaining()).isLessThan(1.0);
        assertThat(service.call(slow)).isEqualTo("primary");
        assertThat(service.statistics().count(Outcome.SUCCESS)).isEqualTo(2);
    }

    @Test
    void aThrowingResultPredicateEndsTheCallWithItsExceptionWithoutCountingAgainstTheService() {
        GuardedService service = registry.register("predicate", ServicePolicy.builder().build());
        IllegalStateException bug = new IllegalStateException("predicate bug");
        CallOptions options = CallOptions.builder().retryOnResult(result -> {
            throw bug;
        }).build();

        assertThatThrownBy(() -> service.call(() -> "value", options)).isSameAs(bug);
        assertThat(service.statistics().count(Outcome.FAILURE)).isEqualTo(1);
        assertThat(service.circuitBreaker().metrics().failedCalls()).isZero();
        assertThat(service.bulkhead().availableCalls()).isEqualTo(service.policy().bulkhead().maxConcurrentCalls());
    }

    @Test
    void aThrowingResultPredicateCompletesAnAsynchronousCallExceptionally() {
        GuardedService service = registry.register("predicate-async", ServicePolicy.builder().build());
        CallOptions options = CallOptions.builder().retryOnResult(result -> {
            throw new IllegalStateException("predicate bug");
        }).build();
        CompletableFuture<String> later = new CompletableFuture<>();

        CompletableFuture<String> inline = service.callAsync(() -> CompletableFuture.completedFuture("now"), options);
        CompletableFuture<String> deferred = service.callAsync(() -> later, options);
        later.complete("later");

        assertThat(inline).isCompletedExceptionally();
        assertThat(deferred).isCompletedExceptionally();
        assertThatThrownBy(deferred::get).isInstanceOf(ExecutionException.class).hasRootCauseMessage("predicate bug");
        assertThat(service.bulkhead().availableCalls()).isEqualTo(service.policy().bulkhead().maxConcurrentCalls());
    }

    @Test
    void anInterruptOfTheWorkerThreadIsTheOperationsFailureNotTheCallers() {
        GuardedService service = registry.register("worker", ServicePolicy.builder().maxAttempts(1)
                .timeout(new TimeoutConfig(Duration.ofSeconds(30), null, false)).build());
        InterruptedException workerInterrupt = new InterruptedException("worker interrupted");

        assertThatThrownBy(() -> service.call(() -> {
            throw workerInterrupt;
        })).isSameAs(workerInterrupt);
        assertThat(Thread.interrupted()).isFalse();
        assertThat(service.circuitBreaker().metrics().failedCalls()).isEqualTo(1);
    }

    @Test
    void aCallerInterruptedDuringATimedAttemptStopsKeepsItsFlagAndDoesNotBlameTheService() throws Exception {
        GuardedService service = registry.register("timed", ServicePolicy.builder().retryOn(IOException.class)
                .timeout(new TimeoutConfig(Duration.ofSeconds(30), null, false)).build());
        CountDownLatch attemptRunning = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagKept = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                service.call(() -> {
                    attempts.incrementAndGet();
                    attemptRunning.countDown();
                    Thread.sleep(60_000);
                    return "never";
                });
            } catch (Throwable t) {
                thrown.set(t);
            }
            flagKept.set(Thread.currentThread().isInterrupted());
        });

        caller.start();
        assertThat(attemptRunning.await(10, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(10_000);

        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(flagKept).isTrue();
        assertThat(attempts).hasValue(1);
        assertThat(service.circuitBreaker().metrics().failedCalls()).isZero();
    }
}
