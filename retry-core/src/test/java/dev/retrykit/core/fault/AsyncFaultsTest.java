package dev.retrykit.core.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.core.AttemptTimeoutException;
import dev.retrykit.core.CircuitOpenException;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.TimeoutConfig;
import dev.retrykit.core.breaker.CircuitBreakerConfig;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.bulkhead.BulkheadConfig;
import dev.retrykit.core.shed.LoadSheddingConfig;
import dev.retrykit.core.testsupport.BoundedWait;
import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous calls under faults: no user code on the timer thread, and a caller that cancels gets every permit
 * back, the attempt in flight cancelled and outcome {@code cancelled}.
 */
class AsyncFaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ManualClock clock = new ManualClock();
    private ServiceRegistry registry;

    @AfterEach
    void close() throws Exception {
        if (registry != null) {
            registry.close();
        }
    }

    /** Virtual time: retries and timeouts run when the test advances the clock. */
    private ServiceRegistry virtualTime() {
        registry = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock).build();
        return registry;
    }

    private static ServicePolicy.Builder retryingIoErrors() {
        return ServicePolicy.builder().strategy("fixed").baseDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofSeconds(1))
                .maxAttempts(3).retryOn(IOException.class);
    }

    @Test
    void oneServiceBlockingInItsRetriedSupplierDoesNotDelayAnotherServicesTimeout() throws Exception {
        registry = ServiceRegistry.builder().build();
        GuardedService slow = registry.register("slow", ServicePolicy.builder().strategy("immediate").maxAttempts(2)
                .retryOn(IOException.class).build());
        GuardedService timed = registry.register("timed", ServicePolicy.builder().maxAttempts(1)
                .timeout(new TimeoutConfig(Duration.ofMillis(100), null, false)).build());
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch unblock = new CountDownLatch(1);
        List<String> retryThreads = new CopyOnWriteArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        try {
            CompletableFuture<String> slowCall = slow.callAsync(() -> {
                if (attempts.incrementAndGet() == 1) {
                    return CompletableFuture.failedFuture(new IOException("first attempt fails"));
                }
                retryThreads.add(Thread.currentThread().getName());
                blocking.countDown();
                try {
                    unblock.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return CompletableFuture.completedFuture("late");
            });
            assertThat(blocking.await(20, TimeUnit.SECONDS)).as("the retry started").isTrue();

            CompletableFuture<String> timedCall = timed.callAsync(CompletableFuture::new);

            BoundedWait.until("the other service's timeout fired", WAIT, timedCall::isDone);
            assertThatThrownBy(timedCall::get).hasCauseInstanceOf(AttemptTimeoutException.class);
            assertThat(retryThreads).noneMatch(name -> name.startsWith("retrykit-scheduler"));
            unblock.countDown();
            assertThat(slowCall.get(20, TimeUnit.SECONDS)).isEqualTo("late");
        } finally {
            unblock.countDown();
        }
    }

    @Test
    void cancellingTheCallCancelsTheAttemptInFlightAndFreesTheBulkhead() throws Exception {
        GuardedService service = virtualTime().register("cancelled", retryingIoErrors()
                .bulkhead(new BulkheadConfig(1, Duration.ZERO)).build());
        CompletableFuture<String> attempt = new CompletableFuture<>();

        CompletableFuture<String> call = service.callAsync(() -> attempt);
        call.cancel(true);

        assertThat(attempt).isCancelled();
        assertThat(service.bulkhead().availableCalls()).isEqualTo(1);
        assertThat(service.statistics().count(Outcome.CANCELLED)).isEqualTo(1);
        assertThat(service.statistics().count(Outcome.EXHAUSTED)).isZero();
        assertThat(service.callAsync(() -> CompletableFuture.completedFuture("next")).get(20, TimeUnit.SECONDS)).isEqualTo("next");
    }

    @Test
    void cancellingDuringTheBackoffStopsTheRetriesAndReturnsTheGlobalRetrySlot() throws Exception {
        GuardedService service = virtualTime().register("backing-off", retryingIoErrors().build());
        AtomicInteger attempts = new AtomicInteger();

        CompletableFuture<String> call = service.callAsync(() -> {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(new IOException("down"));
        });
        assertThat(registry.globalRetryLimit().inFlight()).isEqualTo(1);
        call.cancel(true);
        clock.advanceMillis(10_000);

        assertThat(attempts).hasValue(1);
        assertThat(registry.globalRetryLimit().inFlight()).isZero();
        assertThat(service.statistics().count(Outcome.CANCELLED)).isEqualTo(1);
        assertThat(service.statistics().calls()).isEqualTo(1);
    }

    @Test
    void cancellingAHalfOpenTrialGivesTheTrialPermitBack() throws Exception {
        GuardedService service = virtualTime().register("trial", retryingIoErrors()
                .circuitBreaker(CircuitBreakerConfig.builder().halfOpenCalls(1).build()).build());
        service.circuitBreaker().transitionTo(CircuitState.HALF_OPEN);

        service.callAsync(CompletableFuture<String>::new).cancel(true);

        assertThat(service.callAsync(() -> CompletableFuture.completedFuture("trial")).get(20, TimeUnit.SECONDS)).isEqualTo("trial");
        assertThat(service.circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void cancellingFreesTheLoadShedderSlot() throws Exception {
        GuardedService service = virtualTime().register("shed", retryingIoErrors()
                .loadShedding(new LoadSheddingConfig(true, 1.0, false)).build());

        service.callAsync(CompletableFuture<String>::new).cancel(true);

        assertThat(service.loadShedder().inFlight()).isZero();
    }

    @Test
    void aCallCancelledAfterItsOutcomeKeepsThatOutcome() throws Exception {
        GuardedService service = virtualTime().register("done", retryingIoErrors().build());
        CompletableFuture<String> attempt = new CompletableFuture<>();
        CompletableFuture<String> call = service.callAsync(() -> attempt);

        attempt.complete("value");
        call.cancel(true);

        assertThat(call.get()).isEqualTo("value");
        assertThat(service.statistics().count(Outcome.SUCCESS)).isEqualTo(1);
        assertThat(service.statistics().count(Outcome.CANCELLED)).isZero();
    }

    @Test
    void aFullBulkheadAfterTheFirstAttemptEndsTheRetriesWithTheLastFailure() throws Exception {
        GuardedService service = virtualTime().register("full", retryingIoErrors()
                .bulkhead(new BulkheadConfig(1, Duration.ZERO)).build());
        CompletableFuture<String> call = service.callAsync(() -> CompletableFuture.failedFuture(new IOException("down")));
        service.bulkhead().tryAcquire();

        clock.advanceMillis(1_000);

        assertThatThrownBy(() -> call.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
        assertThat(service.statistics().count(Outcome.EXHAUSTED)).isEqualTo(1);
        assertThat(service.circuitBreaker().metrics().bufferedCalls()).isEqualTo(1);
        service.bulkhead().release();
        assertThat(service.bulkhead().availableCalls()).isEqualTo(1);
    }

    @Test
    void anOpenBreakerStillRejectsTheFirstAttempt() throws Exception {
        GuardedService service = virtualTime().register("open", retryingIoErrors().build());
        service.circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);

        assertThatThrownBy(() -> service.callAsync(() -> CompletableFuture.completedFuture("x")).get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(CircuitOpenException.class);
    }
}
