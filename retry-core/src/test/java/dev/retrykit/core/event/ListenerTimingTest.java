package dev.retrykit.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitBreakerConfig;
import dev.retrykit.core.budget.RetryBudgetConfig;
import dev.retrykit.core.time.Clock;
import dev.retrykit.core.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Listeners declare which durations they use, and a successful call reads the clock only as often as the most
 * demanding registered listener needs: counted on a clock that counts its precise readings.
 */
class ListenerTimingTest {

    private final ManualClock time = new ManualClock();
    private final CountingClock clock = new CountingClock(time);
    private ServiceRegistry registry;

    @AfterEach
    void close() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void listenerThatNeedsNoDurationsAddsNoClockReading() {
        GuardedService service = serviceWith(new Recording(false, false));

        service.call(() -> "ok");
        service.callAsync(() -> CompletableFuture.completedFuture("ok")).join();

        assertThat(clock.preciseReadings).isZero();
    }

    @Test
    void callDurationsCostTwoReadingsAndAreMeasured() {
        Recording listener = new Recording(false, true);
        GuardedService service = serviceWith(listener);

        service.call(() -> {
            time.advanceMillis(7);
            return "ok";
        });

        assertThat(clock.preciseReadings).isEqualTo(2);
        assertThat(listener.callDurations).containsExactly(7_000_000L);
        assertThat(listener.attemptDurations).containsExactly(0L);
    }

    @Test
    void listenerThatDoesNotSayGetsEveryDuration() {
        RetryEventListener legacy = new RetryEventListener() {
        };
        Recording listener = new Recording(true, true);
        GuardedService service = serviceWith(legacy);
        registry.addListener(listener);

        service.call(() -> {
            time.advanceMillis(3);
            return "ok";
        });

        assertThat(legacy.needsAttemptDurations()).isTrue();
        assertThat(legacy.needsCallDurations()).isTrue();
        assertThat(clock.preciseReadings).isEqualTo(4);
        assertThat(listener.attemptDurations).containsExactly(3_000_000L);
        assertThat(listener.callDurations).containsExactly(3_000_000L);
    }

    @Test
    void removingTheDemandingListenerStopsTheReadings() {
        Recording demanding = new Recording(true, true);
        GuardedService service = serviceWith(new Recording(false, false));
        registry.addListener(demanding);
        registry.removeListener(demanding);

        service.call(() -> "ok");

        assertThat(clock.preciseReadings).isZero();
        assertThat(service.statistics().count(Outcome.SUCCESS)).isEqualTo(1);
    }

    private GuardedService serviceWith(RetryEventListener listener) {
        registry = ServiceRegistry.builder().clock(clock).sleeper(time).scheduler(time).listener(listener)
                .globalBudget(RetryBudgetConfig.DISABLED).build();
        GuardedService service = registry.register("timed", ServicePolicy.builder()
                .maxAttempts(3)
                .strategy("immediate")
                .circuitBreaker(CircuitBreakerConfig.builder().enabled(false).build())
                .budget(RetryBudgetConfig.DISABLED)
                .build());
        clock.preciseReadings = 0;
        return service;
    }

    /** Counts {@link #nanoTime()} readings; the coarse ticker is not counted. */
    private static final class CountingClock implements Clock {
        private final ManualClock time;
        int preciseReadings;

        CountingClock(ManualClock time) {
            this.time = time;
        }

        @Override
        public long nanoTime() {
            preciseReadings++;
            return time.nanoTime();
        }

        @Override
        public long coarseNanoTime() {
            return time.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return time.currentTimeMillis();
        }
    }

    private static final class Recording implements RetryEventListener {
        private final boolean attempts;
        private final boolean calls;
        final List<Long> attemptDurations = new ArrayList<>();
        final List<Long> callDurations = new ArrayList<>();

        Recording(boolean attempts, boolean calls) {
            this.attempts = attempts;
            this.calls = calls;
        }

        @Override
        public boolean needsAttemptDurations() {
            return attempts;
        }

        @Override
        public boolean needsCallDurations() {
            return calls;
        }

        @Override
        public void onAttemptSucceeded(String service, int attempt, long durationNanos) {
            attemptDurations.add(durationNanos);
        }

        @Override
        public void onCallFinished(String service, Outcome outcome, int attempts, long durationNanos) {
            callDurations.add(durationNanos);
        }
    }
}
