package dev.retrykit.core.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.core.time.Clock;
import dev.retrykit.core.time.ManualClock;
import dev.retrykit.core.time.Sleeper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdempotentCallsTest {

    private final ManualClock clock = new ManualClock();
    private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(clock);
    private final IdempotentCalls calls = new IdempotentCalls(store, clock, clock, Duration.ofHours(1), Duration.ofSeconds(1));

    @Test
    void aKeyThatSucceededReturnsTheStoredResultWithoutRunningAgain() {
        AtomicInteger runs = new AtomicInteger();

        String first = calls.execute("payments", "order-1", () -> "charged-" + runs.incrementAndGet());
        String second = calls.execute("payments", "order-1", () -> "charged-" + runs.incrementAndGet());

        assertThat(first).isEqualTo("charged-1");
        assertThat(second).isEqualTo("charged-1");
        assertThat(runs).hasValue(1);
    }

    @Test
    void aFailedCallReleasesTheKey() {
        AtomicInteger runs = new AtomicInteger();
        IOException failure = new IOException("down");

        assertThatThrownBy(() -> calls.execute("payments", "order-2", () -> {
            runs.incrementAndGet();
            throw failure;
        })).isSameAs(failure);
        String retried = calls.execute("payments", "order-2", () -> "charged-" + runs.incrementAndGet());

        assertThat(retried).isEqualTo("charged-2");
    }

    @Test
    void aDegradedAnswerReleasesTheKeyInsteadOfStandingInForTheEffect() {
        AtomicInteger runs = new AtomicInteger();

        String degraded = calls.execute("payments", "order-8", () -> "fallback", () -> false);
        String real = calls.execute("payments", "order-8", () -> "charged-" + runs.incrementAndGet());

        assertThat(degraded).isEqualTo("fallback");
        assertThat(real).isEqualTo("charged-1");
    }

    @Test
    void asynchronousKeyedCallsRunOnceAndReleaseTheKeyOnFailure() {
        AtomicInteger runs = new AtomicInteger();
        List<String> keysSeen = new ArrayList<>();
        java.util.concurrent.CompletableFuture<String> pending = new java.util.concurrent.CompletableFuture<>();

        java.util.concurrent.CompletableFuture<String> first = calls.executeAsync("payments", "order-9", () -> {
            keysSeen.add(IdempotencyKeys.current());
            runs.incrementAndGet();
            return pending;
        }, () -> true);
        java.util.concurrent.CompletableFuture<String> duplicate = calls.executeAsync("payments", "order-9",
                () -> java.util.concurrent.CompletableFuture.completedFuture("second"), () -> true);
        pending.complete("charged");
        java.util.concurrent.CompletableFuture<String> repeat = calls.executeAsync("payments", "order-9",
                () -> java.util.concurrent.CompletableFuture.completedFuture("again"), () -> true);
        java.util.concurrent.CompletableFuture<String> failed = calls.executeAsync("payments", "order-10",
                () -> java.util.concurrent.CompletableFuture.failedFuture(new IOException("down")), () -> true);
        java.util.concurrent.CompletableFuture<String> afterFailure = calls.executeAsync("payments", "order-10",
                () -> java.util.concurrent.CompletableFuture.completedFuture("charged later"), () -> true);

        assertThat(first).isCompletedWithValue("charged");
        assertThat(duplicate).isCompletedExceptionally();
        assertThatThrownBy(duplicate::join).hasCauseInstanceOf(DuplicateCallException.class);
        assertThat(repeat).isCompletedWithValue("charged");
        assertThat(failed).isCompletedExceptionally();
        assertThat(afterFailure).isCompletedWithValue("charged later");
        assertThat(runs).hasValue(1);
        assertThat(keysSeen).containsExactly("order-9");
    }

    @Test
    void cancellingAKeyedAsynchronousCallCancelsTheCallUnderneathAndFreesTheKey() {
        java.util.concurrent.CompletableFuture<String> underneath = new java.util.concurrent.CompletableFuture<>();

        java.util.concurrent.CompletableFuture<String> call = calls.executeAsync("payments", "order-11", () -> underneath, () -> true);
        call.cancel(true);
        java.util.concurrent.CompletableFuture<String> again = calls.executeAsync("payments", "order-11",
                () -> java.util.concurrent.CompletableFuture.completedFuture("charged"), () -> true);

        assertThat(underneath).isCancelled();
        assertThat(again).isCompletedWithValue("charged");
    }

    @Test
    void completedKeysExpireAfterTheirTtl() {
        AtomicInteger runs = new AtomicInteger();
        calls.execute("payments", "order-3", runs::incrementAndGet);

        clock.advanceNanos(Duration.ofHours(1).toNanos());
        calls.execute("payments", "order-3", runs::incrementAndGet);

        assertThat(runs).hasValue(2);
    }

    @Test
    void aDuplicateOfACallInFlightIsRejectedAfterTheWait() {
        store.claim(IdempotencyKeys.hash("payments", "order-4"), Duration.ofHours(1));

        assertThatThrownBy(() -> calls.execute("payments", "order-4", () -> "never"))
                .isInstanceOf(DuplicateCallException.class)
                .hasMessageNotContaining("order-4");
        assertThat(clock.sleptNanos()).isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void theKeyIsVisibleInsideTheCallAndNeverReachesTheStoreInClear() {
        List<String> seenInside = new ArrayList<>();
        RecordingStore recording = new RecordingStore(store);
        IdempotentCalls recorded = new IdempotentCalls(recording, clock, clock, Duration.ofHours(1), Duration.ZERO);

        recorded.execute("payments", "order-5", () -> seenInside.add(IdempotencyKeys.current()));

        assertThat(seenInside).containsExactly("order-5");
        assertThat(IdempotencyKeys.current()).isNull();
        assertThat(recording.keys).isNotEmpty().allSatisfy(k -> assertThat(k).doesNotContain("order-5").hasSize(64));
    }

    @Test
    void theKeyReachesAttemptsThatRunOnWorkerThreads() {
        try (dev.retrykit.core.ServiceRegistry registry = dev.retrykit.core.ServiceRegistry.builder()
                .attemptDecorator(IdempotencyKeys.propagation()).build()) {
            dev.retrykit.core.GuardedService service = registry.register("payments", dev.retrykit.core.ServicePolicy.builder()
                    .timeout(new dev.retrykit.core.TimeoutConfig(Duration.ofSeconds(30), null, false)).build());
            List<String> seen = new ArrayList<>();
            List<String> threads = new ArrayList<>();

            calls.execute("payments", "order-7", () -> service.call(() -> {
                threads.add(Thread.currentThread().getName());
                return seen.add(IdempotencyKeys.current());
            }));

            assertThat(seen).containsExactly("order-7");
            assertThat(threads).singleElement().asString().startsWith("retrykit-attempt-");
        }
    }

    @Test
    void concurrentDuplicatesRunTheCallExactlyOnce() throws Exception {
        IdempotentCalls realTime = new IdempotentCalls(new InMemoryIdempotencyStore(Clock.system()), Clock.system(),
                Sleeper.system(), Duration.ofHours(1), Duration.ofSeconds(30));
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return realTime.execute("payments", "order-6", () -> {
                        Thread.sleep(20);
                        return runs.incrementAndGet();
                    });
                }));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(runs).hasValue(1);
    }

    /** Records the keys a store is asked about. */
    private static final class RecordingStore implements IdempotencyStore {
        final List<String> keys = new ArrayList<>();
        final IdempotencyStore delegate;

        RecordingStore(IdempotencyStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Claim claim(String keyHash, Duration inFlightTtl) {
            keys.add(keyHash);
            return delegate.claim(keyHash, inFlightTtl);
        }

        @Override
        public void complete(String keyHash, Object result, Duration ttl) {
            keys.add(keyHash);
            delegate.complete(keyHash, result, ttl);
        }

        @Override
        public void release(String keyHash) {
            keys.add(keyHash);
            delegate.release(keyHash);
        }
    }
}
