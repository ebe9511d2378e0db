package dev.retrykit.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.BulkheadFullException;
import dev.retrykit.core.CallOptions;
import dev.retrykit.core.CallRejectedException;
import dev.retrykit.core.CircuitOpenException;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitBreakerConfig;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.budget.RetryBudgetConfig;
import dev.retrykit.core.bulkhead.BulkheadConfig;
import dev.retrykit.core.stats.ServiceStatistics;
import dev.retrykit.core.testsupport.RacingThreads;
import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The statistics of one service stay consistent while 8 threads hammer it with every kind of ending at once:
 * first-attempt successes, successes after a retry, retries exhausted or refused by the budget, non-retryable
 * failures, fallbacks, bulkhead rejections and breaker rejections. The threads count what they saw; afterwards the
 * service's counters must match those counts exactly, and the budgets, sampled throughout, never go below zero.
 *
 * <p>Rejections are forced, not hoped for: two callers hold both bulkhead permits until every racing thread has
 * been refused once, and between two barriers the breaker is forced open, so that every call of that phase is
 * rejected. The breaker opens only then (its thresholds cannot be reached otherwise), so no retry meets a breaker
 * that opened under it (see {@link #attemptsCountOnlyInvokedAttemptsWhenTheBreakerRefusesABlockingRetry()}).
 */
class CounterInvariantsConcurrencyTest {

    private static final int THREADS = 8;
    private static final int CALLS_PER_PHASE = 400;
    private static final int FORCED_OPEN_CALLS = 50;
    private static final int BULKHEAD_HOLDERS = 2;
    private static final long BARRIER_TIMEOUT_SECONDS = 20;
    private static final CallOptions WITH_FALLBACK =
            CallOptions.builder().fallback(failure -> "fallback", List.of(IOException.class)).build();

    private final ManualClock clock = new ManualClock();
    private ServiceRegistry registry;

    @AfterEach
    void closeRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    /** What the threads saw; compared with the service's own statistics at the end. */
    private static final class Observed {
        final LongAdder calls = new LongAdder();
        final LongAdder invocations = new LongAdder();
        final LongAdder successes = new LongAdder();
        final LongAdder fallbacks = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder bulkheadRejections = new LongAdder();
        final LongAdder breakerRejections = new LongAdder();
    }

    @Test
    void countersMatchWhatEightThreadsObserved() throws Exception {
        GuardedService service = service();
        Observed observed = new Observed();
        CountDownLatch everyThreadRefusedByBulkhead = new CountDownLatch(THREADS);
        CountDownLatch bulkheadFull = new CountDownLatch(BULKHEAD_HOLDERS);
        Thread[] holders = new Thread[BULKHEAD_HOLDERS];
        for (int i = 0; i < BULKHEAD_HOLDERS; i++) {
            holders[i] = new Thread(() -> {
                observed.calls.increment();
                String value = service.call(() -> {
                    observed.invocations.increment();
                    bulkheadFull.countDown();
                    return everyThreadRefusedByBulkhead.await(BARRIER_TIMEOUT_SECONDS, TimeUnit.SECONDS) ? "ok" : "late";
                });
                assertThat(value).isEqualTo("ok");
                observed.successes.increment();
            }, "bulkhead-holder-" + i);
            holders[i].start();
        }
        assertThat(bulkheadFull.await(BARRIER_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();

        AtomicBoolean racing = new AtomicBoolean(true);
        DoubleAccumulator lowestBudget = new DoubleAccumulator(Math::min, Double.MAX_VALUE);
        AtomicLong mostRetriesInFlight = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (racing.get()) {
                lowestBudget.accumulate(service.budget().remaining());
                lowestBudget.accumulate(registry.globalBudget().remaining());
                mostRetriesInFlight.accumulateAndGet(registry.globalRetryLimit().inFlight(), Math::max);
                Thread.yield();
            }
        }, "budget-sampler");
        sampler.start();

        CyclicBarrier phase = new CyclicBarrier(THREADS);
        try {
            RacingThreads.race(THREADS, index -> {
                SplittableRandom random = new SplittableRandom(1_000 + index);
                boolean refused = false;
                while (!refused) {
                    refused = callOnce(service, random, observed) == Ending.BULKHEAD_FULL;
                }
                everyThreadRefusedByBulkhead.countDown();
                for (int i = 0; i < CALLS_PER_PHASE; i++) {
                    callOnce(service, random, observed);
                }
                await(phase);
                if (index == 0) {
                    service.circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);
                }
                await(phase);
                for (int i = 0; i < FORCED_OPEN_CALLS; i++) {
                    // the bulkhead is asked before the breaker, so two calls inside it refuse a third first
                    assertThat(callOnce(service, random, observed)).isIn(Ending.CIRCUIT_OPEN, Ending.BULKHEAD_FULL);
                }
                await(phase);
                if (index == 0) {
                    service.circuitBreaker().transitionTo(CircuitState.CLOSED);
                }
                await(phase);
                for (int i = 0; i < CALLS_PER_PHASE; i++) {
                    callOnce(service, random, observed);
                }
            });
        } finally {
            racing.set(false);
            everyThreadRefusedByBulkhead.countDown();
        }
        for (Thread thread : holders) {
            thread.join(TimeUnit.SECONDS.toMillis(BARRIER_TIMEOUT_SECONDS));
            assertThat(thread.isAlive()).as(thread.getName() + " still running").isFalse();
        }
        sampler.join(TimeUnit.SECONDS.toMillis(BARRIER_TIMEOUT_SECONDS));

        ServiceStatistics statistics = service.statistics();
        long byOutcome = 0;
        for (Outcome outcome : Outcome.values()) {
            byOutcome += statistics.count(outcome);
        }
        long rejected = statistics.count(Outcome.REJECTED);
        new SimulationTable("Counter invariants: 8 threads, bulkhead 2, breaker forced open for one phase",
                "counter", "service statistics", "observed by the threads")
                .row("calls", statistics.calls(), observed.calls.sum())
                .row("sum of outcome counts", byOutcome, observed.calls.sum())
                .row("successes (first attempt + after retry)", statistics.successes(), observed.successes.sum())
                .row("failures (non-retryable + exhausted + budget)", statistics.failures(), observed.failures.sum())
                .row("rejected (bulkhead + breaker)", rejected,
                        observed.bulkheadRejections.sum() + observed.breakerRejections.sum())
                .row("fallbacks", statistics.count(Outcome.FALLBACK), observed.fallbacks.sum())
                .row("attempts", statistics.attempts(), observed.invocations.sum())
                .row("retries", statistics.retries(), "-")
                .row("budget-exhausted", statistics.count(Outcome.BUDGET_EXHAUSTED), "-")
                .row("lowest budget sampled", SimulationTable.fixed(lowestBudget.get(), 2), "-")
                .row("most retries in flight sampled", mostRetriesInFlight.get(), "-")
                .print();

        assertThat(statistics.calls()).isEqualTo(observed.calls.sum()).isEqualTo(byOutcome);
        assertThat(statistics.successes() + statistics.failures() + rejected + statistics.count(Outcome.FALLBACK))
                .isEqualTo(statistics.calls());
        assertThat(statistics.successes()).isEqualTo(observed.successes.sum());
        assertThat(statistics.failures()).isEqualTo(observed.failures.sum());
        assertThat(statistics.count(Outcome.FALLBACK)).isEqualTo(observed.fallbacks.sum());
        assertThat(rejected).isEqualTo(observed.bulkheadRejections.sum() + observed.breakerRejections.sum());
        assertThat(observed.bulkheadRejections.sum()).isGreaterThanOrEqualTo(THREADS);
        assertThat(observed.breakerRejections.sum()).isPositive();
        assertThat(statistics.attempts()).isEqualTo(observed.invocations.sum());
        assertThat(statistics.count(Outcome.SUCCESS_AFTER_RETRY)).isPositive();
        assertThat(statistics.count(Outcome.BUDGET_EXHAUSTED)).isPositive();
        assertThat(statistics.count(Outcome.FAILURE)).isPositive();
        assertThat(lowestBudget.get()).isGreaterThanOrEqualTo(0);
        assertThat(mostRetriesInFlight.get()).isLessThanOrEqualTo(registry.globalRetryLimit().maxConcurrentRetries());
    }

    @Test
    void attemptsCountOnlyInvokedAttemptsWhenTheBreakerRefusesABlockingRetry() {
        GuardedService service = service();
        LongAdder invocations = new LongAdder();

        try {
            service.call(() -> {
                invocations.increment();
                service.circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);
                throw new IOException("down, and the breaker opened meanwhile");
            });
        } catch (Exception expected) {
            assertThat(expected).isInstanceOf(IOException.class).hasSuppressedException(
                    new CircuitOpenException("counters", "circuit breaker of service 'counters' is FORCED_OPEN"));
        }

        assertThat(invocations.sum()).isEqualTo(1);
        assertThat(service.statistics().count(Outcome.EXHAUSTED)).isEqualTo(1);
        assertThat(service.statistics().retries()).isZero();
        assertThat(service.statistics().attempts()).isEqualTo(invocations.sum());
    }

    @Test
    void attemptsCountOnlyInvokedAttemptsWhenTheBreakerRefusesAnAsyncRetry() {
        GuardedService service = service();
        LongAdder invocations = new LongAdder();

        CompletableFuture<String> call = service.callAsync(() -> {
            invocations.increment();
            service.circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);
            return CompletableFuture.failedFuture(new IOException("down, and the breaker opened meanwhile"));
        });
        clock.runAll();

        assertThat(call).isCompletedExceptionally();
        assertThat(invocations.sum()).isEqualTo(1);
        assertThat(service.statistics().count(Outcome.EXHAUSTED)).isEqualTo(1);
        assertThat(service.statistics().retries()).isZero();
        assertThat(service.statistics().attempts()).isEqualTo(invocations.sum());
    }

    private GuardedService service() {
        // the breaker trips only at 100 % failures over 1,000 calls or at 100 % slow calls of a day: never here
        CircuitBreakerConfig breaker = CircuitBreakerConfig.builder().slidingWindowSize(1_000).minimumCalls(1_000)
                .failureRateThreshold(100).slowCallDuration(Duration.ofDays(1)).slowCallRateThreshold(100).build();
        ServicePolicy policy = ServicePolicy.builder().strategy("fixed").baseDelay(Duration.ofMillis(10))
                .maxDelay(Duration.ofSeconds(1)).maxAttempts(3)
                .retryOn(IOException.class).noRetryOn(IllegalArgumentException.class)
                .circuitBreaker(breaker).budget(RetryBudgetConfig.DEFAULT)
                .bulkhead(new BulkheadConfig(BULKHEAD_HOLDERS, Duration.ZERO)).build();
        registry = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock).random(new Random(3))
                .globalBudget(RetryBudgetConfig.GLOBAL_DEFAULT).maxConcurrentRetries(4).build();
        return registry.register("counters", policy);
    }

    private enum Ending { VALUE, FALLBACK, FAILURE, BULKHEAD_FULL, CIRCUIT_OPEN }

    /**
     * One call of a randomly chosen kind: success, success on the second attempt, always retryable, non-retryable,
     * or always retryable with a fallback. Counts what it saw.
     */
    private static Ending callOnce(GuardedService service, SplittableRandom random, Observed observed) {
        int kind = random.nextInt(10);
        int[] attempt = new int[1];
        observed.calls.increment();
        try {
            String value = service.call(() -> {
                observed.invocations.increment();
                attempt[0]++;
                if (kind < 4 || (kind < 6 && attempt[0] > 1)) {
                    return "ok";
                }
                if (kind < 8) {
                    throw new IOException("retryable " + kind);
                }
                if (kind == 8) {
                    throw new IllegalArgumentException("non-retryable");
                }
                throw new IOException("retryable, with a fallback");
            }, kind == 9 ? WITH_FALLBACK : CallOptions.DEFAULT);
            if ("fallback".equals(value)) {
                observed.fallbacks.increment();
                return Ending.FALLBACK;
            }
            assertThat(value).isEqualTo("ok");
            observed.successes.increment();
            return Ending.VALUE;
        } catch (BulkheadFullException rejection) {
            observed.bulkheadRejections.increment();
            return Ending.BULKHEAD_FULL;
        } catch (CircuitOpenException rejection) {
            observed.breakerRejections.increment();
            return Ending.CIRCUIT_OPEN;
        } catch (CallRejectedException rejection) {
            throw new AssertionError("unexpected rejection", rejection);
        } catch (Exception failure) {
            assertThat(failure).isInstanceOfAny(IOException.class, IllegalArgumentException.class);
            observed.failures.increment();
            return Ending.FAILURE;
        }
    }

    private static void await(CyclicBarrier barrier) throws Exception {
        barrier.await(BARRIER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
