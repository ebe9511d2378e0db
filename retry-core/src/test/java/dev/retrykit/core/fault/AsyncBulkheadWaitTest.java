package dev.retrykit.core.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.BulkheadFullException;
import dev.retrykit.core.DeadlineExceededException;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.TimeoutConfig;
import dev.retrykit.core.bulkhead.BulkheadConfig;
import dev.retrykit.core.shed.LoadSheddingConfig;
import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An asynchronous attempt that finds the bulkhead full waits for a permit without a thread, bounded by the bulkhead's
 * {@code max-wait} and the deadline, and a cancel while it waits gives everything back. Virtual time: the test
 * advances the clock, and nothing ever blocks.
 */
class AsyncBulkheadWaitTest {

    private final ManualClock clock = new ManualClock();
    private final ServiceRegistry registry = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock).build();
    private final AtomicInteger waitingBodies = new AtomicInteger();

    @AfterEach
    void close() {
        registry.close();
    }

    private GuardedService service(ServicePolicy.Builder policy) {
        return registry.register("waiting", policy.bulkhead(new BulkheadConfig(1, Duration.ofSeconds(1))).build());
    }

    private static ServicePolicy.Builder retrying() {
        return ServicePolicy.builder().strategy("fixed").baseDelay(Duration.ofMillis(100)).maxDelay(Duration.ofMillis(100))
                .maxAttempts(2).retryOn(IOException.class);
    }

    /** The failure {@code call} completed with. */
    private static Throwable failure(CompletableFuture<?> call) {
        assertThat(call).isCompletedExceptionally();
        try {
            call.join();
        } catch (CompletionException failed) {
            return failed.getCause();
        }
        throw new AssertionError("not failed: " + call);
    }

    /** The body of the waiting call: counts its runs, answers at once. */
    private Supplier<CompletionStage<String>> counted(String value) {
        return () -> {
            waitingBodies.incrementAndGet();
            return CompletableFuture.completedFuture(value);
        };
    }

    @Test
    void aCallWaitsForThePermitAnotherCallReleases() {
        GuardedService service = service(retrying());
        CompletableFuture<String> holding = new CompletableFuture<>();
        CompletableFuture<String> first = service.callAsync(() -> holding);

        CompletableFuture<String> second = service.callAsync(counted("second"));
        clock.advanceMillis(500);
        assertThat(second).isNotDone();
        assertThat(waitingBodies).hasValue(0);

        holding.complete("first");
        clock.advanceNanos(0);

        assertThat(first).isCompletedWithValue("first");
        assertThat(second).isCompletedWithValue("second");
        assertThat(service.statistics().count(Outcome.SUCCESS)).isEqualTo(2);
        assertThat(service.bulkhead().availableCalls()).isEqualTo(1);
    }

    @Test
    void aWaitThatRunsOutIsARejection() {
        GuardedService service = service(retrying());
        CompletableFuture<String> holding = new CompletableFuture<>();
        service.callAsync(() -> holding);

        CompletableFuture<String> second = service.callAsync(counted("second"));
        clock.advanceMillis(999);
        assertThat(second).isNotDone();
        clock.advanceMillis(1);

        assertThat(failure(second)).isInstanceOf(BulkheadFullException.class);
        holding.complete("first");
        clock.runAll();
        assertThat(waitingBodies).hasValue(0);
        assertThat(service.statistics().count(Outcome.REJECTED)).isEqualTo(1);
        assertThat(service.bulkhead().availableCalls()).isEqualTo(1);
    }

    @Test
    void theDeadlineCutsTheWait() {
        GuardedService service = service(retrying());
        service.callAsync(CompletableFuture::new);
        // the holder runs without a deadline; the waiting call has one of 300 ms
        service.updatePolicy(retrying().timeout(new TimeoutConfig(null, Duration.ofMillis(300), false))
                .bulkhead(new BulkheadConfig(1, Duration.ofSeconds(1))).build());

        CompletableFuture<String> second = service.callAsync(counted("second"));
        clock.advanceMillis(299);
        assertThat(second).isNotDone();
        clock.advanceMillis(1);

        assertThat(failure(second)).isInstanceOf(DeadlineExceededException.class);
        assertThat(waitingBodies).hasValue(0);
    }

    @Test
    void cancellingAWaitingCallGivesEverythingBackAndItsBodyNeverRuns() {
        GuardedService service = service(retrying().loadShedding(new LoadSheddingConfig(true, 1.0, false)));
        CompletableFuture<String> holding = new CompletableFuture<>();
        service.callAsync(() -> holding);
        CompletableFuture<String> second = service.callAsync(counted("second"));

        second.cancel(true);
        holding.complete("first");
        clock.runAll();

        assertThat(waitingBodies).hasValue(0);
        assertThat(service.statistics().count(Outcome.CANCELLED)).isEqualTo(1);
        assertThat(service.bulkhead().availableCalls()).isEqualTo(1);
        assertThat(service.loadShedder().inFlight()).isZero();
        assertThat(clock.pendingTasks()).as("the wait's timeout is cancelled too").isZero();
    }

    @Test
    void aRetryWaitsForAPermitToo() {
        GuardedService service = service(retrying());
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<String> retried = service.callAsync(() -> attempts.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new IOException("down")) : CompletableFuture.completedFuture("retried"));
        CompletableFuture<String> holding = new CompletableFuture<>();
        service.callAsync(() -> holding);

        clock.advanceMillis(100);
        assertThat(attempts).as("the retry waits for the permit").hasValue(1);
        holding.complete("other");
        clock.advanceNanos(0);

        assertThat(retried).isCompletedWithValue("retried");
        assertThat(service.statistics().count(Outcome.SUCCESS_AFTER_RETRY)).isEqualTo(1);
        assertThat(registry.globalRetryLimit().inFlight()).isZero();
    }

    @Test
    void withoutAMaxWaitAFullBulkheadRejectsAtOnce() {
        GuardedService service = registry.register("no-wait", retrying()
                .bulkhead(new BulkheadConfig(1, Duration.ZERO)).build());
        service.callAsync(CompletableFuture::new);

        CompletableFuture<String> second = service.callAsync(counted("second"));

        assertThat(failure(second)).isInstanceOf(BulkheadFullException.class);
    }
}
