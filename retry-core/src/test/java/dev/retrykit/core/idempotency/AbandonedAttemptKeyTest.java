package dev.retrykit.core.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.core.AttemptTimeoutException;
import dev.retrykit.core.CallRejectedException;
import dev.retrykit.core.CheckedSupplier;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.TimeoutConfig;
import dev.retrykit.core.time.Clock;
import dev.retrykit.core.time.Sleeper;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A key stays claimed until every body its call started has returned: attempts abandoned by a per-attempt timeout
 * but still running keep it, on a real registry with real worker threads.
 */
class AbandonedAttemptKeyTest {

    private final ServiceRegistry registry = ServiceRegistry.builder().attemptDecorator(IdempotencyKeys.propagation()).build();
    private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(Clock.system());
    /** Duplicates wait briefly, then are rejected. */
    private final IdempotentCalls calls = new IdempotentCalls(store, Clock.system(), Sleeper.system(),
            Duration.ofHours(1), Duration.ofMillis(100));
    /** Duplicates wait until the key is free (bounded). */
    private final IdempotentCalls patientCalls = new IdempotentCalls(store, Clock.system(), Sleeper.system(),
            Duration.ofHours(1), Duration.ofSeconds(10));
    private final GuardedService service = registry.register("payments", ServicePolicy.builder().strategy("immediate")
            .maxAttempts(2).timeout(new TimeoutConfig(Duration.ofMillis(50), null, false)).build());
    private final CountDownLatch bodiesMayReturn = new CountDownLatch(1);

    @AfterEach
    void close() {
        bodiesMayReturn.countDown();
        registry.close();
    }

    @Test
    void aFailedCallKeepsItsKeyUntilItsAbandonedAttemptsHaveReturned() {
        AtomicInteger stuckRuns = new AtomicInteger();
        AtomicInteger duplicateRuns = new AtomicInteger();

        assertThatThrownBy(() -> calls.execute("payments", "order-1",
                attempts -> service.call(attempts.holdingKey(ignoringInterrupts(stuckRuns))), () -> true))
                .isInstanceOf(AttemptTimeoutException.class);
        assertThatThrownBy(() -> calls.execute("payments", "order-1",
                attempts -> service.call(attempts.holdingKey(duplicateRuns::incrementAndGet)), () -> true))
                .isInstanceOf(DuplicateCallException.class);
        bodiesMayReturn.countDown();
        String again = patientCalls.execute("payments", "order-1",
                attempts -> service.call(attempts.holdingKey(() -> "charged")), () -> true);

        assertThat(stuckRuns).hasPositiveValue();
        assertThat(duplicateRuns).hasValue(0);
        assertThat(again).isEqualTo("charged");
    }

    @Test
    void aDegradedAnswerKeepsTheKeyUntilItsAbandonedAttemptsHaveReturned() {
        AtomicInteger duplicateRuns = new AtomicInteger();

        String degraded = calls.execute("payments", "order-2", attempts -> {
            try {
                return "attempt " + service.call(attempts.holdingKey(ignoringInterrupts(new AtomicInteger())));
            } catch (AttemptTimeoutException e) {
                return "fallback";
            }
        }, () -> false);
        assertThatThrownBy(() -> calls.execute("payments", "order-2",
                attempts -> service.call(attempts.holdingKey(duplicateRuns::incrementAndGet)), () -> true))
                .isInstanceOf(DuplicateCallException.class);
        bodiesMayReturn.countDown();
        String again = patientCalls.execute("payments", "order-2",
                attempts -> service.call(attempts.holdingKey(() -> "charged")), () -> true);

        assertThat(degraded).isEqualTo("fallback");
        assertThat(duplicateRuns).hasValue(0);
        assertThat(again).isEqualTo("charged");
    }

    @Test
    void aFailedAsynchronousCallKeepsItsKeyUntilItsAbandonedStagesHaveCompleted() throws Exception {
        // a minimal stage is not cancelled with the future the service makes of it: its work goes on after the timeout
        CompletableFuture<String> stillRunning = new CompletableFuture<>();
        AtomicInteger duplicateRuns = new AtomicInteger();

        CompletableFuture<String> failed = calls.executeAsync("payments", "order-3",
                attempts -> service.callAsync(attempts.holdingKeyAsync(stillRunning::minimalCompletionStage)), () -> true);
        assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(AttemptTimeoutException.class);
        CompletableFuture<Integer> duplicate = calls.executeAsync("payments", "order-3", attempts -> service.callAsync(
                attempts.holdingKeyAsync(() -> CompletableFuture.completedFuture(duplicateRuns.incrementAndGet()))), () -> true);
        stillRunning.complete("late");
        CompletableFuture<String> again = calls.executeAsync("payments", "order-3", attempts -> service.callAsync(
                attempts.holdingKeyAsync(() -> CompletableFuture.completedFuture("charged"))), () -> true);

        assertThatThrownBy(duplicate::join).hasCauseInstanceOf(DuplicateCallException.class);
        assertThat(duplicateRuns).hasValue(0);
        assertThat(again.get(10, TimeUnit.SECONDS)).isEqualTo("charged");
    }

    @Test
    void aSucceededCallStoresItsResultWhileABodyStillRunsAndThatBodyNeverFreesTheKey() throws Exception {
        CountDownLatch straggling = new CountDownLatch(1);
        AtomicReference<Thread> straggler = new AtomicReference<>();

        String first = calls.execute("payments", "order-4", attempts -> {
            CheckedSupplier<Integer> body = attempts.holdingKey(ignoringInterrupts(new AtomicInteger()));
            Thread thread = new Thread(() -> {
                straggling.countDown();
                try {
                    body.get();
                } catch (Throwable ignored) {
                    // the straggler's outcome belongs to nobody
                }
            });
            straggler.set(thread);
            thread.start();
            assertThat(straggling.await(10, TimeUnit.SECONDS)).isTrue();
            return "charged";
        }, () -> true);
        bodiesMayReturn.countDown();
        straggler.get().join(10_000);
        String repeat = calls.execute("payments", "order-4", attempts -> "charged twice", () -> true);

        assertThat(straggler.get().isAlive()).isFalse();
        assertThat(first).isEqualTo("charged");
        assertThat(repeat).isEqualTo("charged");
    }

    @Test
    void aBodyThatWouldStartAfterItsCallEndedIsRefused() {
        AtomicReference<KeyedAttempts> ended = new AtomicReference<>();
        AtomicInteger lateRuns = new AtomicInteger();

        assertThatThrownBy(() -> calls.execute("payments", "order-5", attempts -> {
            ended.set(attempts);
            throw new IllegalStateException("down");
        }, () -> true)).hasMessage("down");

        assertThatThrownBy(() -> ended.get().holdingKey(lateRuns::incrementAndGet).get())
                .isInstanceOf(CallRejectedException.class).hasMessageContaining("payments");
        assertThat(ended.get().<Integer>holdingKeyAsync(() -> CompletableFuture.completedFuture(lateRuns.incrementAndGet()))
                .get()).isCompletedExceptionally();
        assertThat(lateRuns).hasValue(0);
    }

    /** A body that ignores interrupts and returns only once the test lets it (or after 30 s). */
    private CheckedSupplier<Integer> ignoringInterrupts(AtomicInteger runs) {
        return () -> {
            int run = runs.incrementAndGet();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            boolean released = false;
            while (!released && System.nanoTime() - end < 0) {
                try {
                    released = bodiesMayReturn.await(end - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException ignored) {
                    // this body does not stop when its attempt is abandoned
                }
            }
            return run;
        };
    }
}
