package dev.retrykit.core.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.core.AttemptTimeoutException;
import dev.retrykit.core.CallOptions;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.TimeoutConfig;
import dev.retrykit.core.hedge.HedgingConfig;
import dev.retrykit.core.testsupport.BoundedWait;
import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a {@link CallObserver} sees of blocking and asynchronous calls, and on which threads. */
class CallObserverTest {

    private final RecordingCallObserver observer = new RecordingCallObserver();
    private final ManualClock clock = new ManualClock();
    private final ServiceRegistry registry = ServiceRegistry.builder().sleeper(clock).callObserver(observer).build();
    private final ServiceRegistry virtualTime = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock)
            .callObserver(observer).build();

    @AfterEach
    void close() {
        registry.close();
        virtualTime.close();
    }

    private static ServicePolicy.Builder retryingIo() {
        return ServicePolicy.builder().strategy("immediate").maxAttempts(3).retryOn(IOException.class);
    }

    @Test
    void blockingCallRetriedTwiceIsOneCallWithThreeAttemptsEachCurrentInItsBody() {
        GuardedService service = registry.register("quotes", retryingIo().build());
        IOException first = new IOException("first");
        IOException second = new IOException("second");
        List<Object> seenInBodies = new CopyOnWriteArrayList<>();
        AtomicInteger runs = new AtomicInteger();

        String value = service.call(() -> {
            seenInBodies.add(RecordingCallObserver.current());
            int run = runs.incrementAndGet();
            if (run < 3) {
                throw run == 1 ? first : second;
            }
            return "ok";
        });

        assertThat(value).isEqualTo("ok");
        assertThat(observer.calls).hasSize(1);
        RecordingCallObserver.Call call = observer.calls.get(0);
        assertThat(call.service).isEqualTo("quotes");
        assertThat(call.outcome).isEqualTo(Outcome.SUCCESS_AFTER_RETRY);
        assertThat(call.error).isNull();
        assertThat(call.attemptCount).isEqualTo(3);
        assertThat(call.stops).hasValue(1);
        assertThat(call.scopeThread).isEqualTo(Thread.currentThread().getName());
        assertThat(call.attempts).extracting(a -> a.number).containsExactly(1, 2, 3);
        assertThat(call.attempts).extracting(a -> a.error).containsExactly(first, second, null);
        assertThat(call.attempts).extracting(a -> a.succeeded).containsExactly(false, false, true);
        assertThat(call.attempts).allSatisfy(attempt -> assertThat(attempt.stops).hasValue(1));
        assertThat(seenInBodies).containsExactlyElementsOf(call.attempts);
        assertThat(RecordingCallObserver.current()).isNull();
    }

    @Test
    void attemptOnAWorkerIsCurrentOnThatWorkerUnderTheCall() {
        GuardedService service = registry.register("timed", retryingIo()
                .timeout(new TimeoutConfig(Duration.ofSeconds(30), null, false)).build());
        List<Object> seen = new CopyOnWriteArrayList<>();
        List<String> bodyThreads = new CopyOnWriteArrayList<>();

        service.call(() -> {
            seen.add(RecordingCallObserver.current());
            bodyThreads.add(Thread.currentThread().getName());
            return "ok";
        });

        RecordingCallObserver.Call call = observer.calls.get(0);
        RecordingCallObserver.Attempt attempt = call.attempts.get(0);
        assertThat(bodyThreads).singleElement().isNotEqualTo(Thread.currentThread().getName());
        assertThat(attempt.scopeThreads).containsExactlyElementsOf(bodyThreads);
        assertThat(seen).containsExactly(attempt);
        assertThat(attempt.succeeded).isTrue();
        assertThat(call.outcome).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void hedgedCopiesOfAnAttemptRunInsideThatAttempt() {
        GuardedService service = registry.register("hedged", ServicePolicy.builder().maxAttempts(1)
                .hedging(new HedgingConfig(true, Duration.ofMillis(20), 1)).build());
        List<Object> seen = new CopyOnWriteArrayList<>();
        AtomicInteger runs = new AtomicInteger();

        String value = service.call(() -> {
            seen.add(RecordingCallObserver.current());
            if (runs.incrementAndGet() == 1) {
                Thread.sleep(60_000);
                return "primary";
            }
            return "hedge";
        });

        assertThat(value).isEqualTo("hedge");
        RecordingCallObserver.Attempt attempt = observer.calls.get(0).attempts.get(0);
        assertThat(observer.calls.get(0).attempts).hasSize(1);
        assertThat(seen).hasSize(2).containsOnly(attempt);
        BoundedWait.until("the attempt stops once the interrupted primary returned", Duration.ofSeconds(10),
                () -> attempt.stops.get() == 1);
        assertThat(attempt.scopeThreads).hasSize(2);
        assertThat(attempt.succeeded).isTrue();
    }

    @Test
    void attemptAbandonedByItsTimeoutStopsWhenItsBodyReturnsWithTheTimeoutTheCallerSaw() throws Exception {
        GuardedService service = registry.register("slow", ServicePolicy.builder().strategy("immediate").maxAttempts(2)
                .timeout(new TimeoutConfig(Duration.ofMillis(50), null, false)).build());
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();

        String value = service.call(() -> {
            if (runs.incrementAndGet() == 1) {
                awaitIgnoringInterrupts(release);
            }
            return "second";
        });

        assertThat(value).isEqualTo("second");
        RecordingCallObserver.Call call = observer.calls.get(0);
        assertThat(call.attempts).hasSize(2);
        RecordingCallObserver.Attempt abandoned = call.attempts.get(0);
        assertThat(abandoned.stops).as("stopped while its body still runs").hasValue(0);
        assertThat(call.attempts.get(1).succeeded).isTrue();
        assertThat(call.stops).hasValue(1);

        release.countDown();
        BoundedWait.until("the abandoned attempt stops", Duration.ofSeconds(10), () -> abandoned.stops.get() == 1);
        assertThat(abandoned.error).isInstanceOf(AttemptTimeoutException.class);
        assertThat(abandoned.succeeded).isFalse();
    }

    /** An operation that ignores interrupts: returns only when {@code latch} opens. */
    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        boolean interrupted = false;
        while (latch.getCount() > 0) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void failedBlockingCallStopsWithItsOutcomeAndTheErrorThrown() {
        GuardedService service = registry.register("down", retryingIo().build());
        IOException down = new IOException("down");

        assertThatThrownBy(() -> service.call(() -> {
            throw down;
        })).isSameAs(down);

        RecordingCallObserver.Call call = observer.calls.get(0);
        assertThat(call.outcome).isEqualTo(Outcome.EXHAUSTED);
        assertThat(call.error).isSameAs(down);
        assertThat(call.attempts).hasSize(3);
    }

    @Test
    void fallbackIsServedInsideTheCallScopeAndTheCallHasNoError() {
        GuardedService service = registry.register("fallback", retryingIo().maxAttempts(1).build());
        List<Object> seenInFallback = new CopyOnWriteArrayList<>();
        CallOptions options = CallOptions.builder().fallback(failure -> {
            seenInFallback.add(RecordingCallObserver.current());
            return "stale";
        }, List.of()).build();

        String value = service.call(() -> {
            throw new IOException("down");
        }, options);

        assertThat(value).isEqualTo("stale");
        RecordingCallObserver.Call call = observer.calls.get(0);
        assertThat(call.outcome).isEqualTo(Outcome.FALLBACK);
        assertThat(call.error).isNull();
        assertThat(seenInFallback).containsExactly(call);
    }

    @Test
    void asyncCallRetriedTwiceIsOneCallWithThreeAttemptsEachCurrentWhileItStarts() {
        GuardedService service = virtualTime.register("async", retryingIo().strategy("fixed")
                .baseDelay(Duration.ofSeconds(1)).build());
        List<Object> seen = new CopyOnWriteArrayList<>();
        AtomicInteger runs = new AtomicInteger();
        Supplier<CompletionStage<String>> operation = () -> {
            seen.add(RecordingCallObserver.current());
            return runs.incrementAndGet() < 3
                    ? CompletableFuture.failedFuture(new IOException("down")) : CompletableFuture.completedFuture("ok");
        };

        CompletableFuture<String> result = service.callAsync(operation);
        clock.runAll();

        assertThat(result).isCompletedWithValue("ok");
        RecordingCallObserver.Call call = observer.calls.get(0);
        assertThat(call.async).isTrue();
        assertThat(call.outcome).isEqualTo(Outcome.SUCCESS_AFTER_RETRY);
        assertThat(call.stops).hasValue(1);
        assertThat(call.scopeThread).as("current while it starts").isEqualTo(Thread.currentThread().getName());
        assertThat(call.attempts).extracting(a -> a.number).containsExactly(1, 2, 3);
        assertThat(call.attempts).extracting(a -> a.succeeded).containsExactly(false, false, true);
        assertThat(seen).containsExactlyElementsOf(call.attempts);
    }

    @Test
    void asyncCallStopsWithItsOutcomeAndFailureBeforeTheCallerSeesIt() {
        GuardedService service = virtualTime.register("async-down", retryingIo().build());
        IOException down = new IOException("down");
        List<Integer> stopsSeenByCaller = new CopyOnWriteArrayList<>();

        CompletableFuture<String> result = service.callAsync(() -> CompletableFuture.failedFuture(down));
        result.whenComplete((value, error) -> stopsSeenByCaller.add(observer.calls.get(0).stops.get()));
        clock.runAll();

        assertThat(result).isCompletedExceptionally();
        assertThat(stopsSeenByCaller).containsExactly(1);
        RecordingCallObserver.Call call = observer.calls.get(0);
        assertThat(call.outcome).isEqualTo(Outcome.EXHAUSTED);
        assertThat(call.error).isSameAs(down);
        assertThat(call.attempts).hasSize(3);
    }

    @Test
    void asyncCallThatEndsWhileStartingStopsOnlyOnceItsScopeClosed() {
        GuardedService service = virtualTime.register("async-fast", retryingIo().build());

        CompletableFuture<String> result = service.callAsync(() -> CompletableFuture.completedFuture("ok"));

        assertThat(result).isCompletedWithValue("ok");
        RecordingCallObserver.Call call = observer.calls.get(0);
        assertThat(call.scopeThread).isEqualTo(Thread.currentThread().getName());
        assertThat(call.stops).hasValue(1);
        assertThat(call.stoppedInItsScope).isFalse();
        assertThat(call.outcome).isEqualTo(Outcome.SUCCESS);
        assertThat(RecordingCallObserver.current()).isNull();
    }

    @Test
    void cancelledAsyncCallEndsCancelledAndStopsTheAttemptInFlight() {
        GuardedService service = virtualTime.register("hanging", retryingIo().build());
        CompletableFuture<String> hanging = new CompletableFuture<>();

        CompletableFuture<String> result = service.callAsync(() -> hanging);
        result.cancel(true);

        RecordingCallObserver.Call call = observer.calls.get(0);
        assertThat(call.outcome).isEqualTo(Outcome.CANCELLED);
        assertThat(call.stops).hasValue(1);
        assertThat(call.attempts).singleElement().satisfies(attempt -> {
            assertThat(attempt.succeeded).isFalse();
            assertThat(attempt.error).isInstanceOf(CancellationException.class);
            assertThat(attempt.stops).hasValue(1);
        });
    }

    @Test
    void declinedCallRunsUnobserved() throws Exception {
        observer.declining = true;
        GuardedService service = registry.register("plain", retryingIo().build());

        assertThat(service.call(() -> "ok")).isEqualTo("ok");
        assertThat(service.callAsync(() -> CompletableFuture.completedFuture("ok")).get(5, TimeUnit.SECONDS))
                .isEqualTo("ok");
        assertThat(observer.calls).isEmpty();
        assertThat(service.statistics().count(Outcome.SUCCESS)).isEqualTo(2);
    }
}
