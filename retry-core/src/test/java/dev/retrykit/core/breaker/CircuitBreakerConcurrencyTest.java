package dev.retrykit.core.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.testsupport.RacingThreads;
import dev.retrykit.core.time.ManualClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CircuitBreakerConcurrencyTest {

    private static final int THREADS = 8;
    private static final long FAST = 1_000;

    private final ManualClock clock = new ManualClock();

    private static CircuitBreakerConfig.Builder config() {
        return CircuitBreakerConfig.builder()
                .slidingWindowSize(10)
                .minimumCalls(5)
                .failureRateThreshold(50)
                .waitInOpen(Duration.ofSeconds(10))
                .maxWaitInOpen(Duration.ofSeconds(10))
                .halfOpenCalls(3);
    }

    @Test
    void admitsNoCallWhileOpen() throws InterruptedException {
        CircuitBreaker breaker = new CircuitBreaker("racing", config().build(), clock, null);
        breaker.transitionTo(CircuitState.OPEN);
        AtomicInteger admitted = new AtomicInteger();

        RacingThreads.race(THREADS, thread -> {
            for (int i = 0; i < 10_000; i++) {
                if (breaker.tryAcquirePermission()) {
                    admitted.incrementAndGet();
                }
            }
        });

        assertThat(admitted).hasValue(0);
        assertThat(breaker.metrics().notPermittedCalls()).isEqualTo(THREADS * 10_000L);
    }

    @Test
    void admitsExactlyHalfOpenCallsWhenThreadsRaceForTrials() throws InterruptedException {
        CircuitBreaker breaker = new CircuitBreaker("racing", config().build(), clock, null);
        for (int round = 0; round < 50; round++) {
            breaker.transitionTo(CircuitState.OPEN);
            clock.advanceMillis(10_000);
            AtomicInteger admitted = new AtomicInteger();

            RacingThreads.race(THREADS, thread -> {
                for (int i = 0; i < 100; i++) {
                    if (breaker.tryAcquirePermission()) {
                        admitted.incrementAndGet();
                    }
                }
            });

            assertThat(admitted).as("trials admitted in round %d", round).hasValue(3);
            assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        }
    }

    @Test
    void neverAttributesMoreThanHalfOpenCallsPermissionsToAHalfOpenPeriodWhileStatesChange()
            throws InterruptedException {
        Map<Integer, CircuitState> stateOfPeriod = new ConcurrentHashMap<>();
        AtomicReference<CircuitBreaker> self = new AtomicReference<>();
        CircuitBreaker breaker = new CircuitBreaker("racing", config().build(), clock,
                (name, from, to) -> stateOfPeriod.put(self.get().generation(), to));
        self.set(breaker);
        stateOfPeriod.put(breaker.generation(), CircuitState.CLOSED);
        Map<Integer, AtomicInteger> admittedInPeriod = new ConcurrentHashMap<>();
        AtomicBoolean flipping = new AtomicBoolean(true);

        RacingThreads.race(THREADS, thread -> {
            if (thread == 0) {
                for (int i = 0; i < 2_000; i++) {
                    breaker.transitionTo(i % 2 == 0 ? CircuitState.HALF_OPEN : CircuitState.CLOSED);
                }
                flipping.set(false);
                return;
            }
            while (flipping.get()) {
                int period = breaker.acquirePermission();
                if (period != CircuitBreaker.NOT_PERMITTED) {
                    admittedInPeriod.computeIfAbsent(period, p -> new AtomicInteger()).incrementAndGet();
                }
            }
        });

        admittedInPeriod.forEach((period, admitted) -> {
            if (stateOfPeriod.get(period) == CircuitState.HALF_OPEN) {
                assertThat(admitted).as("permissions of half-open period %d", period).hasValueLessThanOrEqualTo(3);
            }
        });
    }

    @Test
    void reportsTheTripOnceWhenThreadsFailTogether() throws InterruptedException {
        AtomicInteger trips = new AtomicInteger();
        CircuitBreaker breaker = new CircuitBreaker("racing", config().build(), clock, (name, from, to) -> {
            if (to == CircuitState.OPEN) {
                trips.incrementAndGet();
            }
        });

        RacingThreads.race(THREADS, thread -> {
            for (int i = 0; i < 1_000; i++) {
                breaker.onError(FAST);
            }
        });

        assertThat(trips).hasValue(1);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void countsEverySuccessRecordedConcurrentlyInACountWindow() throws InterruptedException {
        CircuitBreaker breaker = new CircuitBreaker("racing", config().slidingWindowSize(1_000_000).build(), clock,
                null);

        RacingThreads.race(THREADS, thread -> {
            for (int i = 0; i < 20_000; i++) {
                breaker.onSuccess(FAST);
            }
        });

        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(THREADS * 20_000);
    }

    @Test
    void countsEverySuccessRecordedConcurrentlyInATimeWindow() throws InterruptedException {
        CircuitBreaker breaker = new CircuitBreaker("racing",
                config().slidingWindowType(SlidingWindowType.TIME).slidingWindowSize(10).build(), clock, null);

        RacingThreads.race(THREADS, thread -> {
            for (int i = 0; i < 20_000; i++) {
                breaker.onSuccess(FAST);
            }
        });

        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(THREADS * 20_000);
    }

    @Test
    void keepsFailuresAndSuccessesApartWhenRecordedConcurrently() throws InterruptedException {
        CircuitBreaker breaker = new CircuitBreaker("racing",
                config().slidingWindowSize(100_000).failureRateThreshold(100).build(), clock, null);

        RacingThreads.race(THREADS, thread -> {
            for (int i = 0; i < 5_000; i++) {
                breaker.onSuccess(FAST);
                if (i % 10 == 0) {
                    breaker.onError(FAST);
                }
            }
        });

        CircuitBreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.bufferedCalls()).isEqualTo(THREADS * 5_500);
        assertThat(metrics.failedCalls()).isEqualTo(THREADS * 500);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }
}
