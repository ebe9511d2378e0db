package dev.retrykit.core.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.retrykit.core.testsupport.RacingThreads;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class GlobalRetryLimitTest {

    @Test
    void refusesRetriesOverTheLimitUntilOneIsReleased() {
        GlobalRetryLimit limit = new GlobalRetryLimit(2);

        assertThat(limit.tryAcquire()).isTrue();
        assertThat(limit.tryAcquire()).isTrue();
        assertThat(limit.tryAcquire()).isFalse();
        assertThat(limit.inFlight()).isEqualTo(2);
        limit.release();

        assertThat(limit.tryAcquire()).isTrue();
    }

    @Test
    void limitChangedAtRuntimeAppliesToTheNextAcquire() {
        GlobalRetryLimit limit = new GlobalRetryLimit(1);
        limit.tryAcquire();

        limit.setMaxConcurrentRetries(3);
        assertThat(limit.maxConcurrentRetries()).isEqualTo(3);
        assertThat(limit.tryAcquire()).isTrue();
        assertThat(limit.tryAcquire()).isTrue();
        assertThat(limit.tryAcquire()).isFalse();

        limit.setMaxConcurrentRetries(1);
        limit.release();
        limit.release();
        assertThat(limit.tryAcquire()).isFalse();
    }

    @Test
    void releaseWithoutAcquireNeverGoesBelowZero() {
        GlobalRetryLimit limit = new GlobalRetryLimit(1);
        limit.release();

        assertThat(limit.inFlight()).isZero();
        assertThat(limit.tryAcquire()).isTrue();
        assertThat(limit.tryAcquire()).isFalse();
    }

    @Test
    void rejectsANegativeLimit() {
        assertThatIllegalArgumentException().isThrownBy(() -> new GlobalRetryLimit(-1))
                .withMessageContaining("-1");
    }

    @Test
    void neverExceedsTheLimitWhenThreadsRace() throws InterruptedException {
        GlobalRetryLimit limit = new GlobalRetryLimit(3);
        AtomicBoolean exceeded = new AtomicBoolean();

        RacingThreads.race(8, thread -> {
            for (int i = 0; i < 20_000; i++) {
                if (limit.tryAcquire()) {
                    if (limit.inFlight() > 3) {
                        exceeded.set(true);
                    }
                    limit.release();
                }
            }
        });

        assertThat(exceeded).isFalse();
        assertThat(limit.inFlight()).isZero();
    }
}
