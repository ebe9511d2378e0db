package dev.retrykit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.core.hedge.HedgingConfig;
import dev.retrykit.core.time.ManualClock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Blocking attempts on real threads: the caller regains control and the attempt's thread is interrupted. */
class AttemptTimeoutTest {

    private final ManualClock virtualSleeps = new ManualClock();
    private final ServiceRegistry registry = ServiceRegistry.builder().sleeper(virtualSleeps).build();

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void overrunningBlockingAttemptIsInterruptedAndRetried() throws Exception {
        GuardedService service = registry.register("slow", ServicePolicy.builder().strategy("immediate").maxAttempts(2)
                .timeout(new TimeoutConfig(Duration.ofMillis(50), null, false)).build());
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();

        String value = service.call(() -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
            }
            return "second";
        });

        assertThat(value).isEqualTo("second");
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void lastAttemptTimeoutIsRethrownAsAttemptTimeoutException() {
        GuardedService service = registry.register("slow", ServicePolicy.builder().strategy("immediate").maxAttempts(1)
                .timeout(new TimeoutConfig(Duration.ofMillis(20), null, false)).build());

        assertThatThrownBy(() -> service.call(() -> {
            Thread.sleep(60_000);
            return "never";
        })).isInstanceOf(AttemptTimeoutException.class).hasMessageContaining("slow");
        assertThat(service.statistics().count(Outcome.EXHAUSTED)).isEqualTo(1);
    }

    @Test
    void hedgeWinsWhenThePrimaryHangsAndThePrimaryIsCancelled() throws Exception {
        GuardedService service = registry.register("hedged", ServicePolicy.builder().maxAttempts(1)
                .hedging(new HedgingConfig(true, Duration.ofMillis(20), 1)).build());
        CountDownLatch primaryInterrupted = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();

        String value = service.call(() -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    primaryInterrupted.countDown();
                    throw e;
                }
                return "primary";
            }
            return "hedge";
        });

        assertThat(value).isEqualTo("hedge");
        assertThat(calls).hasValue(2);
        assertThat(primaryInterrupted.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void fastPrimaryNeedsNoHedge() {
        GuardedService service = registry.register("hedged", ServicePolicy.builder().maxAttempts(1)
                .hedging(new HedgingConfig(true, Duration.ofSeconds(30), 2)).build());
        AtomicInteger calls = new AtomicInteger();

        assertThat(service.<String>call(() -> {
            calls.incrementAndGet();
            return "primary";
        })).isEqualTo("primary");
        assertThat(calls).hasValue(1);
    }
}
