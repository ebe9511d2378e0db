package dev.retrykit.core.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.core.testsupport.RacingThreads;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BulkheadTest {

    private static Bulkhead bulkhead(int size) {
        return new Bulkhead(new BulkheadConfig(size, Duration.ZERO));
    }

    @Test
    void admitsUpToMaxConcurrentCallsThenRefuses() {
        Bulkhead bulkhead = bulkhead(2);

        assertThat(bulkhead.tryAcquire()).isTrue();
        assertThat(bulkhead.tryAcquire()).isTrue();
        assertThat(bulkhead.availableCalls()).isZero();
        assertThat(bulkhead.tryAcquire()).isFalse();
        bulkhead.release();

        assertThat(bulkhead.availableCalls()).isEqualTo(1);
        assertThat(bulkhead.tryAcquire()).isTrue();
    }

    @Test
    void zeroWaitRefusesAtOnceWhenFull() throws InterruptedException {
        Bulkhead bulkhead = bulkhead(1);
        bulkhead.tryAcquire();

        assertThat(bulkhead.tryAcquire(0)).isFalse();
    }

    @Test
    void waitingCallGetsAPermitReleasedDuringItsWait() throws Exception {
        Bulkhead bulkhead = bulkhead(1);
        bulkhead.tryAcquire();
        CountDownLatch waiting = new CountDownLatch(1);

        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            try {
                return bulkhead.tryAcquire(TimeUnit.SECONDS.toNanos(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        waiting.await(10, TimeUnit.SECONDS);
        bulkhead.release();

        assertThat(waiter.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bulkhead.availableCalls()).isZero();
    }

    @Test
    void waitEndsWithRefusalWhenNoPermitIsReleased() throws InterruptedException {
        Bulkhead bulkhead = bulkhead(1);
        bulkhead.tryAcquire();

        assertThat(bulkhead.tryAcquire(TimeUnit.MILLISECONDS.toNanos(20))).isFalse();
    }

    @Test
    void interruptEndsTheWaitWithInterruptedException() throws Exception {
        Bulkhead bulkhead = bulkhead(1);
        bulkhead.tryAcquire();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                outcome.set(new AssertionError("acquired: " + bulkhead.tryAcquire(TimeUnit.SECONDS.toNanos(60))));
            } catch (InterruptedException e) {
                outcome.set(e);
            }
        });
        waiter.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (waiter.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }

        waiter.interrupt();
        waiter.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(waiter.isAlive()).isFalse();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void interruptedThreadIsRefusedEvenWithoutWaiting() {
        Bulkhead bulkhead = bulkhead(1);
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> bulkhead.tryAcquire(0)).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void growingTheSizeAdmitsMoreCallsAtOnce() {
        Bulkhead bulkhead = bulkhead(1);
        bulkhead.tryAcquire();

        bulkhead.reconfigure(new BulkheadConfig(3, Duration.ZERO));

        assertThat(bulkhead.config().maxConcurrentCalls()).isEqualTo(3);
        assertThat(bulkhead.availableCalls()).isEqualTo(2);
        assertThat(bulkhead.tryAcquire()).isTrue();
        assertThat(bulkhead.tryAcquire()).isTrue();
        assertThat(bulkhead.tryAcquire()).isFalse();
    }

    @Test
    void shrinkingBelowTheCallsInFlightAdmitsNothingUntilEnoughFinish() {
        Bulkhead bulkhead = bulkhead(3);
        bulkhead.tryAcquire();
        bulkhead.tryAcquire();
        bulkhead.tryAcquire();

        bulkhead.reconfigure(new BulkheadConfig(1, Duration.ZERO));
        bulkhead.release();
        assertThat(bulkhead.availableCalls()).isZero();
        assertThat(bulkhead.tryAcquire()).isFalse();
        bulkhead.release();
        bulkhead.release();

        assertThat(bulkhead.availableCalls()).isEqualTo(1);
        assertThat(bulkhead.tryAcquire()).isTrue();
        assertThat(bulkhead.tryAcquire()).isFalse();
    }

    @Test
    void neverHasMoreThanMaxConcurrentCallsInFlightWhenThreadsRace() throws InterruptedException {
        Bulkhead bulkhead = new Bulkhead(new BulkheadConfig(3, Duration.ofMillis(1)));
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();

        RacingThreads.race(8, thread -> {
            for (int i = 0; i < 5_000; i++) {
                boolean acquired = i % 2 == 0 ? bulkhead.tryAcquire() : bulkhead.tryAcquire(1_000);
                if (acquired) {
                    admitted.incrementAndGet();
                    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    Thread.yield();
                    inFlight.decrementAndGet();
                    bulkhead.release();
                }
            }
        });

        assertThat(mostInFlight.get()).isBetween(1, 3);
        assertThat(admitted.get()).isPositive();
        assertThat(bulkhead.availableCalls()).isEqualTo(3);
    }

    @Test
    void resizingWhileThreadsRaceNeverAdmitsMoreThanTheLargerSize() throws InterruptedException {
        Bulkhead bulkhead = bulkhead(4);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicBoolean exceeded = new AtomicBoolean();

        RacingThreads.race(8, thread -> {
            for (int i = 0; i < 5_000; i++) {
                if (thread == 0 && i % 100 == 0) {
                    bulkhead.reconfigure(new BulkheadConfig(i % 200 == 0 ? 2 : 4, Duration.ZERO));
                    continue;
                }
                if (bulkhead.tryAcquire()) {
                    if (inFlight.incrementAndGet() > 4) {
                        exceeded.set(true);
                    }
                    inFlight.decrementAndGet();
                    bulkhead.release();
                }
            }
        });

        assertThat(exceeded).isFalse();
        assertThat(bulkhead.availableCalls()).isEqualTo(bulkhead.config().maxConcurrentCalls());
    }

}
