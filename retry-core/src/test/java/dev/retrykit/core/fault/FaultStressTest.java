package dev.retrykit.core.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.AttemptWorkers;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.TimeoutConfig;
import dev.retrykit.core.breaker.CircuitBreaker;
import dev.retrykit.core.breaker.CircuitBreakerConfig;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.bulkhead.BulkheadConfig;
import dev.retrykit.core.shed.LoadSheddingConfig;
import dev.retrykit.core.testsupport.BoundedWait;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Eight threads call one service for a bounded time with random faults — fast successes, failures, slow bodies
 * that overrun the per-attempt timeout and ignore interrupts, asynchronous calls cancelled at random — and the
 * invariants of PRODUCT §7b hold throughout and after: blocking bodies at once never exceed the bulkhead, nothing is held
 * once everything settled, every call is counted once, and the breaker is never stuck: a HALF_OPEN period the run
 * left behind ends within {@code max-time-in-half-open}, and once the dependency heals the breaker closes again.
 */
class FaultStressTest {

    private static final int THREADS = 8;
    private static final int BULKHEAD = 3;
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final Duration MAX_TIME_IN_HALF_OPEN = Duration.ofMillis(200);

    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger blockingRunning = new AtomicInteger();
    private final AtomicInteger mostBlockingAtOnce = new AtomicInteger();
    /** Set once the run is over: the dependency answers at once from then on. */
    private volatile boolean healed;

    /** A blocking attempt's body: counted against the bulkhead, which must bound it strictly. */
    private String blockingBody() throws IOException {
        mostBlockingAtOnce.accumulateAndGet(blockingRunning.incrementAndGet(), Math::max);
        try {
            return body();
        } finally {
            blockingRunning.decrementAndGet();
        }
    }

    private String body() throws IOException {
        running.incrementAndGet();
        try {
            if (healed) {
                return "ok";
            }
            int fault = ThreadLocalRandom.current().nextInt(10);
            if (fault < 3) {
                throw new IOException("random failure");
            }
            if (fault < 5) {
                // slow and deaf to interrupts: overruns the 20 ms timeout
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(40);
                while (System.nanoTime() < end) {
                    LockSupport.parkNanos(end - System.nanoTime());
                }
            }
            return "ok";
        } finally {
            running.decrementAndGet();
        }
    }

    @Test
    void invariantsHoldUnderEightThreadsOfRandomFaults() throws Exception {
        ExecutorService workers = AttemptWorkers.newPlatformPool(32);
        try (ServiceRegistry registry = ServiceRegistry.builder().attemptExecutor(workers).sleeper(nanos -> { }).build()) {
            GuardedService service = registry.register("stressed", ServicePolicy.builder().strategy("immediate")
                    .maxAttempts(3).retryOn(IOException.class)
                    .timeout(new TimeoutConfig(Duration.ofMillis(20), null, false))
                    .bulkhead(new BulkheadConfig(BULKHEAD, Duration.ofMillis(5)))
                    .loadShedding(new LoadSheddingConfig(true, 1.0, false))
                    .circuitBreaker(CircuitBreakerConfig.builder().minimumCalls(20).waitInOpen(Duration.ofMillis(50))
                            .maxWaitInOpen(Duration.ofMillis(200)).maxTimeInHalfOpen(MAX_TIME_IN_HALF_OPEN).build())
                    .build());
            LongAdder calls = new LongAdder();
            List<Thread> threads = new ArrayList<>();
            long end = System.nanoTime() + RUN_NANOS;
            for (int t = 0; t < THREADS; t++) {
                Thread thread = new Thread(() -> {
                    while (System.nanoTime() < end) {
                        calls.increment();
                        if (ThreadLocalRandom.current().nextBoolean()) {
                            try {
                                service.call(this::blockingBody);
                            } catch (Exception expected) {
                                // failures and rejections are part of the run
                            }
                        } else {
                            CompletableFuture<String> call = service.callAsync(() -> CompletableFuture.supplyAsync(() -> {
                                try {
                                    return body();
                                } catch (IOException e) {
                                    throw new java.util.concurrent.CompletionException(e);
                                }
                            }, workers));
                            if (ThreadLocalRandom.current().nextInt(4) == 0) {
                                call.cancel(true);
                            }
                            try {
                                call.get(5, TimeUnit.SECONDS);
                            } catch (Exception expected) {
                                // failures, rejections and cancellations are part of the run
                            }
                        }
                    }
                }, "stress-" + t);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(thread.isAlive()).as(thread.getName() + " finished").isFalse();
            }

            // asynchronous bodies share the bulkhead too, so blocking ones alone never exceed it
            assertThat(mostBlockingAtOnce.get()).isLessThanOrEqualTo(BULKHEAD);
            BoundedWait.until("every body returned and every permit back", Duration.ofSeconds(20),
                    () -> running.get() == 0 && service.bulkhead().availableCalls() == BULKHEAD);
            BoundedWait.until("every call counted", Duration.ofSeconds(20),
                    () -> service.statistics().calls() == calls.sum());
            assertThat(service.loadShedder().inFlight()).isZero();
            assertThat(registry.globalRetryLimit().inFlight()).isZero();
            assertThat(calls.sum()).isGreaterThan(THREADS);

            // the breaker is never stuck: a HALF_OPEN period without verdicts ends once its time is up...
            CircuitBreaker breaker = service.circuitBreaker();
            if (breaker.state() == CircuitState.HALF_OPEN) {
                int period = breaker.generation();
                Thread.sleep(MAX_TIME_IN_HALF_OPEN.toMillis() + 1);
                int permission = breaker.acquirePermission();
                assertThat(permission >= 0 || breaker.generation() != period)
                        .as("a HALF_OPEN period older than max-time-in-half-open admits a trial or ends").isTrue();
                if (permission >= 0) {
                    breaker.releasePermission(permission);
                }
            }
            // ...and once the dependency heals, calls close it again whatever state the run left it in
            healed = true;
            BoundedWait.until("the breaker closed after the dependency healed", Duration.ofSeconds(20), () -> {
                try {
                    service.call(this::blockingBody);
                } catch (Exception stillOpen) {
                    // refused while OPEN: the wait in open runs out
                }
                return breaker.state() == CircuitState.CLOSED;
            });
        } finally {
            workers.shutdownNow();
        }
    }
}
