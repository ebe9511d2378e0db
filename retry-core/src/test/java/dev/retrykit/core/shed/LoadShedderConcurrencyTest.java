package dev.retrykit.core.shed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.annotation.Priority;
import dev.retrykit.core.testsupport.RacingThreads;
import dev.retrykit.core.time.ManualClock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadShedderConcurrencyTest {

    @Test
    void neverAdmitsMoreNormalCallsThanTheLimitWhenThreadsRace() throws InterruptedException {
        LoadShedder shedder = new LoadShedder(new LoadSheddingConfig(true, 1.0, true), new ManualClock(), () -> 0,
                new FixedLimit(3));
        AtomicInteger inFlight = new AtomicInteger();
        AtomicBoolean exceeded = new AtomicBoolean();

        RacingThreads.race(8, thread -> {
            for (int i = 0; i < 10_000; i++) {
                if (shedder.tryAcquire(Priority.NORMAL)) {
                    if (inFlight.incrementAndGet() > 3) {
                        exceeded.set(true);
                    }
                    inFlight.decrementAndGet();
                    shedder.onComplete(1_000, false);
                }
            }
        });

        assertThat(exceeded).isFalse();
        assertThat(shedder.inFlight()).isZero();
    }
}
