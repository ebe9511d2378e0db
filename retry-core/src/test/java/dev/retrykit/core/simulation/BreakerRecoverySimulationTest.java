package dev.retrykit.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.CallRejectedException;
import dev.retrykit.core.CircuitOpenException;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitBreakerConfig;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.breaker.SlidingWindowType;
import dev.retrykit.core.event.RetryEventListener;
import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Breaker recovery: a caller calls every 100 ms of virtual time (one attempt per call, so the breaker alone decides);
 * the upstream fails every call until it recovers at time {@code T}, then succeeds. The breaker trips after its
 * minimum calls, probes after its wait in open (doubled by every failed probe, up to the max) and must close within
 * {@code T + wait + halfOpenCalls * interval}, where {@code wait} is the wait in open in effect when the upstream
 * recovered: the last open period started at {@code T} at the latest, the first call after it is the first trial,
 * and the trials come one interval apart.
 */
class BreakerRecoverySimulationTest {

    private static final long INTERVAL_NANOS = Duration.ofMillis(100).toNanos();
    private static final long SECOND_NANOS = 1_000_000_000L;
    private static final CircuitBreakerConfig BREAKER = CircuitBreakerConfig.builder()
            .slidingWindowType(SlidingWindowType.COUNT).slidingWindowSize(10).minimumCalls(5).failureRateThreshold(50)
            .waitInOpen(Duration.ofSeconds(5)).maxWaitInOpen(Duration.ofSeconds(40)).halfOpenCalls(3).build();
    private static final SimulationTable TABLE = new SimulationTable(
            "Breaker recovery: a call every 100 ms, wait in open 5 s (doubling, max 40 s), 3 half-open calls",
            "upstream recovers (s)", "trips before", "wait in effect (s)", "first trial (s)", "closed at (s)",
            "bound T + wait + 3 x 100 ms (s)", "calls rejected");

    @ParameterizedTest(name = "recovery at {0} ms")
    @ValueSource(longs = {3_050, 7_000, 15_420, 30_000, 100_000, 200_010})
    void closesWithinWaitInOpenPlusHalfOpenCallsAfterUpstreamRecovers(long recoveryMillis) {
        long recovery = recoveryMillis * 1_000_000L;
        ManualClock clock = new ManualClock();
        List<Transition> transitions = new ArrayList<>();
        RetryEventListener recorder = new RetryEventListener() {
            @Override
            public void onStateTransition(String service, CircuitState from, CircuitState to) {
                transitions.add(new Transition(clock.nanoTime(), from, to));
            }
        };
        ServicePolicy policy = ServicePolicy.builder().maxAttempts(1).retryOn(IOException.class).circuitBreaker(BREAKER)
                .build();
        try (ServiceRegistry registry = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock)
                .random(new Random(1)).listener(recorder).build()) {
            GuardedService service = registry.register("upstream", policy);
            long rejected = 0;
            long closedAt = -1;
            while (closedAt < 0 && clock.nanoTime() < recovery + 10 * BREAKER.maxWaitInOpen().toNanos()) {
                try {
                    service.call(() -> {
                        if (clock.nanoTime() < recovery) {
                            throw new IOException("upstream down");
                        }
                        return "ok";
                    });
                } catch (CallRejectedException rejection) {
                    assertThat(rejection).isInstanceOf(CircuitOpenException.class);
                    rejected++;
                } catch (Exception failure) {
                    // the operation's checked exception is rethrown unchanged
                    assertThat(failure).isInstanceOf(IOException.class);
                }
                if (clock.nanoTime() >= recovery && service.circuitBreaker().state() == CircuitState.CLOSED) {
                    closedAt = clock.nanoTime();
                }
                clock.advanceNanos(INTERVAL_NANOS);
            }

            long trips = transitions.stream().filter(t -> t.at < recovery && t.to == CircuitState.OPEN).count();
            long failedProbes = transitions.stream()
                    .filter(t -> t.at < recovery && t.from == CircuitState.HALF_OPEN && t.to == CircuitState.OPEN).count();
            long wait = Math.min(BREAKER.maxWaitInOpen().toNanos(), BREAKER.waitInOpen().toNanos() << failedProbes);
            long bound = recovery + wait + BREAKER.halfOpenCalls() * INTERVAL_NANOS;
            long firstTrial = transitions.stream().filter(t -> t.at >= recovery && t.to == CircuitState.HALF_OPEN)
                    .mapToLong(Transition::at).findFirst().orElse(-1);
            TABLE.row(seconds(recovery), trips, seconds(wait), seconds(firstTrial), seconds(closedAt), seconds(bound),
                    rejected);

            assertThat(trips).as("the outage trips the breaker").isPositive();
            assertThat(closedAt).as("closed").isPositive();
            assertThat(closedAt).isLessThanOrEqualTo(bound);
            // every trial after the recovery succeeds, so closing takes exactly the half-open calls
            assertThat(closedAt - firstTrial).isEqualTo((BREAKER.halfOpenCalls() - 1) * INTERVAL_NANOS);
            assertThat(transitions.get(transitions.size() - 1).to).isEqualTo(CircuitState.CLOSED);
        }
    }

    @AfterAll
    static void printTable() {
        TABLE.print();
    }

    /** Virtual nanoseconds as seconds for the table; "-" for a time that never came (negative). */
    private static String seconds(long virtualTime) {
        return Long.signum(virtualTime) == -1 ? "-" : SimulationTable.fixed((double) virtualTime / SECOND_NANOS, 2);
    }

    private record Transition(long at, CircuitState from, CircuitState to) {
    }
}
