package dev.retrykit.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.bulkhead.BulkheadConfig;
import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HistoryRecorderTest {

    private final ManualClock clock = new ManualClock();
    private final HistoryRecorder recorder = new HistoryRecorder(
            new HistoryConfig(Duration.ofSeconds(1), Duration.ofSeconds(5)));
    /** Up to 3 attempts without waiting; {@code guarded} has a bulkhead of 20, {@code plain} none. */
    private final ServiceRegistry registry = ServiceRegistry.builder().clock(clock).sleeper(clock).listener(recorder)
            .service("guarded", policy().bulkhead(new BulkheadConfig(20, Duration.ZERO)).build())
            .service("plain", policy().build())
            .build();

    private static ServicePolicy.Builder policy() {
        return ServicePolicy.builder().template("http-api").strategy("immediate").maxAttempts(3)
                .retryOn(IOException.class);
    }

    @AfterEach
    void close() {
        recorder.close();
        registry.close();
    }

    private void succeedAfter(GuardedService service, int failures, long millis) {
        int[] left = {failures};
        service.call(() -> {
            clock.advanceMillis(millis);
            if (left[0]-- > 0) {
                throw new IOException("down");
            }
            return "ok";
        });
    }

    @Test
    void samplesEveryIntervalOnTheClockAndNotWhenRead() {
        recorder.start(registry, clock);
        assertThat(recorder.samples("guarded")).isEmpty();

        clock.advanceMillis(999);
        assertThat(recorder.samples("guarded")).isEmpty();
        clock.advanceMillis(1);
        assertThat(recorder.samples("guarded")).hasSize(1);
        assertThat(recorder.samples("guarded")).as("reading takes no sample").hasSize(1);
        clock.advanceMillis(3_000);

        List<HistorySample> samples = recorder.samples("guarded");
        assertThat(samples).extracting(HistorySample::epochMillis).containsExactly(
                clock.currentTimeMillis() - 3_000, clock.currentTimeMillis() - 2_000,
                clock.currentTimeMillis() - 1_000, clock.currentTimeMillis());
        assertThat(recorder.samples("plain")).hasSize(4);
    }

    @Test
    void aSampleCountsTheCallsAttemptsFailuresAndRetriesOfItsIntervalOnly() {
        GuardedService guarded = registry.find("guarded");
        recorder.start(registry, clock);
        succeedAfter(guarded, 0, 0);
        succeedAfter(guarded, 2, 0);
        clock.advanceMillis(1_000);
        succeedAfter(guarded, 1, 0);
        clock.advanceMillis(1_000);
        clock.advanceMillis(1_000);

        List<HistorySample> samples = recorder.samples("guarded");

        HistorySample first = samples.get(0);
        assertThat(first.count(Outcome.SUCCESS)).isEqualTo(1);
        assertThat(first.count(Outcome.SUCCESS_AFTER_RETRY)).isEqualTo(1);
        assertThat(first.calls()).isEqualTo(2);
        assertThat(first.attempts()).isEqualTo(4);
        assertThat(first.failedAttempts()).isEqualTo(2);
        assertThat(first.retries()).isEqualTo(2);
        assertThat(first.attemptFailureRate()).isEqualTo(0.5);
        HistorySample second = samples.get(1);
        assertThat(second.calls()).isEqualTo(1);
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(second.retries()).isEqualTo(1);
        HistorySample idle = samples.get(2);
        assertThat(idle.calls()).isZero();
        assertThat(idle.attempts()).isZero();
        assertThat(idle.attemptFailureRate()).isNaN();
        assertThat(idle.p95Nanos()).isEqualTo(-1);
    }

    @Test
    void anOutageShowsAsFailedAttemptsExhaustedCallsAndAnOpenBreaker() {
        GuardedService guarded = registry.find("guarded");
        recorder.start(registry, clock);
        for (int i = 0; i < 30; i++) {
            try {
                guarded.call(() -> {
                    throw new IOException("down");
                });
            } catch (Exception expected) {
                // exhausted, then rejected once the breaker opened
            }
        }
        clock.advanceMillis(1_000);

        HistorySample outage = recorder.samples("guarded").get(0);

        assertThat(outage.state()).isEqualTo(CircuitState.OPEN);
        assertThat(outage.worstState()).isEqualTo(CircuitState.OPEN);
        assertThat(outage.count(Outcome.EXHAUSTED)).isPositive();
        assertThat(outage.count(Outcome.REJECTED)).isPositive();
        assertThat(outage.count(Outcome.EXHAUSTED) + outage.count(Outcome.REJECTED)).isEqualTo(30);
        assertThat(outage.attemptFailureRate()).isEqualTo(1.0);
    }

    @Test
    void aBreakerThatOpenedAndClosedBetweenTwoSamplesStillShowsTheOpening() {
        recorder.start(registry, clock);
        clock.advanceMillis(300);
        registry.find("guarded").circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);
        clock.advanceMillis(300);
        registry.find("guarded").circuitBreaker().transitionTo(CircuitState.CLOSED);
        clock.advanceMillis(400);
        clock.advanceMillis(1_000);

        List<HistorySample> samples = recorder.samples("guarded");

        assertThat(samples.get(0).state()).isEqualTo(CircuitState.CLOSED);
        assertThat(samples.get(0).worstState()).isEqualTo(CircuitState.FORCED_OPEN);
        assertThat(samples.get(1).worstState()).as("the next interval starts afresh").isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void p95FollowsTheSlowCallsOfItsInterval() {
        GuardedService guarded = registry.find("guarded");
        recorder.start(registry, clock);
        for (int i = 0; i < 10; i++) {
            succeedAfter(guarded, 0, 20);
        }
        clock.advanceMillis(1_000 - 200);
        for (int i = 0; i < 4; i++) {
            succeedAfter(guarded, 0, 100);
        }
        clock.advanceMillis(1_000 - 400);

        List<HistorySample> samples = recorder.samples("guarded");

        assertThat(samples.get(0).p95Nanos()).isBetween(20_000_000L, 25_000_000L);
        assertThat(samples.get(1).p95Nanos()).as("only this interval's calls").isBetween(100_000_000L, 125_000_000L);
    }

    @Test
    void gaugesAreReadWhenTheSampleIsTaken() {
        recorder.start(registry, clock);
        clock.advanceMillis(1_000);

        HistorySample guarded = recorder.samples("guarded").get(0);
        HistorySample plain = recorder.samples("plain").get(0);

        assertThat(guarded.bulkheadAvailable()).isEqualTo(20);
        assertThat(plain.bulkheadAvailable()).as("no bulkhead").isEqualTo(-1);
        assertThat(guarded.budgetRemaining()).isCloseTo(registry.find("guarded").budget().remaining(), within(1e-9));
    }

    @Test
    void keepsOnlyTheRetentionNewestLast() {
        recorder.start(registry, clock);

        clock.advanceMillis(12_000);

        List<HistorySample> samples = recorder.samples("guarded");
        assertThat(samples).hasSize(5);
        assertThat(samples.get(4).epochMillis()).isEqualTo(clock.currentTimeMillis());
        assertThat(samples.get(0).epochMillis()).isEqualTo(clock.currentTimeMillis() - 4_000);
    }

    @Test
    void stopsSamplingWhenClosed() {
        recorder.start(registry, clock);
        clock.advanceMillis(2_000);

        recorder.close();
        clock.advanceMillis(5_000);

        assertThat(recorder.samples("guarded")).hasSize(2);
        assertThat(clock.pendingTasks()).isZero();
        assertThatThrownBy(() -> recorder.start(registry, clock)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void latencyBucketsBoundTheirValuesWithinAQuarter() {
        for (long nanos : new long[] {0, 1, 3, 4, 7, 8, 9, 1_000, 12_345_678, 1L << 40, Long.MAX_VALUE}) {
            long upper = ServiceHistory.upperBoundOf(ServiceHistory.bucketOf(nanos));
            assertThat(upper).as("upper bound of %d", nanos).isGreaterThanOrEqualTo(nanos);
            assertThat((double) upper).as("upper bound of %d", nanos).isLessThanOrEqualTo(Math.max(3, nanos * 1.25));
        }
    }

    @Test
    void configRefusesIntervalsTooShortAndRetentionsOutOfRange() {
        assertThatThrownBy(() -> new HistoryConfig(Duration.ofMillis(10), Duration.ofMinutes(1)))
                .hasMessageContaining("PT0.01S").hasMessageContaining("at least PT0.1S");
        assertThatThrownBy(() -> new HistoryConfig(Duration.ofSeconds(1), Duration.ofMillis(500)))
                .hasMessageContaining("between one interval and 3600 intervals");
        assertThatThrownBy(() -> new HistoryConfig(Duration.ofSeconds(1), Duration.ofHours(2)))
                .hasMessageContaining("7200 samples");
        assertThat(HistoryConfig.defaults().capacity()).isEqualTo(600);
    }
}
