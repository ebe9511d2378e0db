package dev.retrykit.core.shed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.annotation.Priority;
import dev.retrykit.core.time.ManualClock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadShedderTest {

    private static final LoadSheddingConfig ENABLED = new LoadSheddingConfig(true, 0.9, true);
    private static final long RTT = 10_000_000L;

    private final ManualClock clock = new ManualClock();
    private volatile double cpu = 0.1;
    private final AtomicInteger cpuReadings = new AtomicInteger();
    private final CpuLoad cpuLoad = () -> {
        cpuReadings.incrementAndGet();
        return cpu;
    };

    private LoadShedder shedder(LoadSheddingConfig config, ConcurrencyLimit limit) {
        return new LoadShedder(config, clock, cpuLoad, limit);
    }

    /** Admits calls of {@code priority} until one is shed; returns how many were admitted. */
    private static int admittedUntilShed(LoadShedder shedder, Priority priority) {
        int admitted = 0;
        while (admitted < 1_000 && shedder.tryAcquire(priority)) {
            admitted++;
        }
        return admitted;
    }

    @Test
    void lowIsShedAtEightyPercentNormalAtTheLimitAndHighAtHundredTwentyPercent() {
        LoadShedder shedder = shedder(ENABLED, new FixedLimit(10));

        assertThat(admittedUntilShed(shedder, Priority.LOW)).isEqualTo(8);
        assertThat(admittedUntilShed(shedder, Priority.NORMAL)).isEqualTo(2);
        assertThat(admittedUntilShed(shedder, Priority.HIGH)).isEqualTo(2);
        assertThat(shedder.inFlight()).isEqualTo(12);
        assertThat(shedder.shed()).isEqualTo(3);
    }

    @Test
    void criticalIsNeverShed() {
        LoadShedder shedder = shedder(ENABLED, new FixedLimit(1));
        cpu = 1.0;

        assertThat(admittedUntilShed(shedder, Priority.CRITICAL)).isEqualTo(1_000);
        assertThat(shedder.tryAcquire(Priority.HIGH)).isFalse();
    }

    @Test
    void completedCallsMakeRoomAgain() {
        LoadShedder shedder = shedder(ENABLED, new FixedLimit(2));
        admittedUntilShed(shedder, Priority.NORMAL);

        shedder.onComplete(RTT, false);

        assertThat(shedder.inFlight()).isEqualTo(1);
        assertThat(shedder.tryAcquire(Priority.NORMAL)).isTrue();
        assertThat(shedder.tryAcquire(Priority.NORMAL)).isFalse();
    }

    @Test
    void shedsEveryNonCriticalCallWhileCpuIsOverThreshold() {
        LoadShedder shedder = shedder(ENABLED, new FixedLimit(100));
        cpu = 0.95;

        assertThat(shedder.tryAcquire(Priority.HIGH)).isFalse();
        assertThat(shedder.tryAcquire(Priority.LOW)).isFalse();
        assertThat(shedder.tryAcquire(Priority.CRITICAL)).isTrue();
    }

    @Test
    void readsCpuAtMostEveryHundredMilliseconds() {
        LoadShedder shedder = shedder(ENABLED, new FixedLimit(1_000));
        for (int i = 0; i < 50; i++) {
            shedder.tryAcquire(Priority.NORMAL);
        }
        assertThat(cpuReadings).hasValue(1);
        cpu = 0.95;

        clock.advanceMillis(99);
        assertThat(shedder.tryAcquire(Priority.NORMAL)).isTrue();
        clock.advanceMillis(1);

        assertThat(shedder.tryAcquire(Priority.NORMAL)).isFalse();
        assertThat(cpuReadings).hasValue(2);
    }

    @Test
    void cpuThresholdOfOneNeverReadsCpu() {
        LoadShedder shedder = shedder(new LoadSheddingConfig(true, 1.0, true), new FixedLimit(10));
        shedder.tryAcquire(Priority.NORMAL);

        assertThat(cpuReadings).hasValue(0);
    }

    @Test
    void disabledShedderAdmitsEverythingAndDoesNotAdapt() {
        AimdLimit limit = AimdLimit.builder().initialLimit(5).build();
        LoadShedder shedder = shedder(new LoadSheddingConfig(false, 0.1, true), limit);
        cpu = 1.0;

        assertThat(admittedUntilShed(shedder, Priority.LOW)).isEqualTo(1_000);
        shedder.onComplete(RTT, true);
        assertThat(shedder.limit()).isEqualTo(5);
    }

    @Test
    void withoutAdaptiveConcurrencyOnlyCpuSheds() {
        LoadShedder shedder = shedder(new LoadSheddingConfig(true, 0.9, false), new FixedLimit(1));

        assertThat(admittedUntilShed(shedder, Priority.LOW)).isEqualTo(1_000);
    }

    @Test
    void dropsReportedOnCompletionLowerTheLimit() {
        LoadShedder shedder = shedder(ENABLED, AimdLimit.builder().initialLimit(10).backoffRatio(0.5).build());
        shedder.tryAcquire(Priority.NORMAL);

        shedder.onComplete(RTT, true);

        assertThat(shedder.limit()).isEqualTo(5);
        assertThat(admittedUntilShed(shedder, Priority.NORMAL)).isEqualTo(5);
    }

    @Test
    void busyCallsCompletingInTimeRaiseTheLimit() {
        LoadShedder shedder = shedder(ENABLED, AimdLimit.builder().initialLimit(4).build());
        for (int round = 0; round < 3; round++) {
            int admitted = admittedUntilShed(shedder, Priority.NORMAL);
            for (int i = 0; i < admitted; i++) {
                shedder.onComplete(RTT, false);
            }
        }

        assertThat(shedder.limit()).isGreaterThan(4);
    }

    @Test
    void reconfigureSwapsTheSettings() {
        LoadShedder shedder = shedder(ENABLED, new FixedLimit(1));
        LoadSheddingConfig off = new LoadSheddingConfig(false, 0.9, true);

        shedder.reconfigure(off);

        assertThat(shedder.config()).isEqualTo(off);
        assertThat(admittedUntilShed(shedder, Priority.LOW)).isEqualTo(1_000);
    }

    @Test
    void systemCpuLoadIsAtMostOneOrNegativeWhenUnknown() {
        double load = CpuLoad.system().systemCpuLoad();

        assertThat(load).isNotNaN().isLessThanOrEqualTo(1.0);
    }
}
