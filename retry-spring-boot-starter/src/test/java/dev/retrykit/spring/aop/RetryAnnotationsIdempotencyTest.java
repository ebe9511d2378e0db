package dev.retrykit.spring.aop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.annotation.Retryable;
import dev.retrykit.core.AttemptTimeoutException;
import dev.retrykit.core.idempotency.DuplicateCallException;
import dev.retrykit.spring.autoconfigure.RetryAopAutoConfiguration;
import dev.retrykit.spring.autoconfigure.RetryAutoConfiguration;
import dev.retrykit.core.idempotency.IdempotencyKeys;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/** Keyed methods whose attempts are abandoned by a per-attempt timeout but go on running keep their key. */
class RetryAnnotationsIdempotencyTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class, RetryAopAutoConfiguration.class))
            .withUserConfiguration(Beans.class)
            .withPropertyValues("retry.services.payments.strategy=immediate", "retry.services.payments.max-attempts=2",
                    "retry.services.payments.timeout.per-attempt=50ms", "retry.idempotency.in-flight-wait=100ms");

    @Test
    void aKeyedMethodKeepsItsKeyWhileAnAbandonedAttemptStillRuns() {
        runner.run(context -> {
            SlowPayments payments = context.getBean(SlowPayments.class);
            payments.stall();

            assertThatThrownBy(() -> payments.charge("order-1")).isInstanceOf(AttemptTimeoutException.class);
            int startedByTheFailedCall = payments.charges();
            assertThatThrownBy(() -> payments.charge("order-1")).isInstanceOf(DuplicateCallException.class);
            int startedAfterIt = payments.charges();
            payments.resume();

            assertThat(startedByTheFailedCall).isPositive();
            assertThat(startedAfterIt).isEqualTo(startedByTheFailedCall);
            assertThat(chargeOnceFree(payments, "order-1")).isEqualTo("charged");
        });
    }

    @Test
    void aKeyedAsynchronousMethodKeepsItsKeyUntilItsAbandonedStagesComplete() {
        runner.run(context -> {
            SlowPayments payments = context.getBean(SlowPayments.class);

            CompletableFuture<String> failed = payments.chargeAsync("order-2").toCompletableFuture();
            assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(AttemptTimeoutException.class);
            CompletableFuture<String> duplicate = payments.chargeAsync("order-2").toCompletableFuture();
            assertThatThrownBy(() -> duplicate.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(DuplicateCallException.class);
            payments.finishPending("late");
            payments.chargeAtOnce("charged");

            assertThat(payments.chargeAsync("order-2").toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("charged");
        });
    }

    @Test
    void everyAttemptOfAKeyedMonoIsSubscribedWithItsKeyAndTheCallRunsAtMostOnce() {
        runner.withPropertyValues("retry.services.payments.retryable-exceptions=java.io.IOException").run(context -> {
            SlowPayments payments = context.getBean(SlowPayments.class);
            payments.failNextMonoAttempt();

            assertThat(payments.chargeMono("order-3").block(Duration.ofSeconds(10))).isEqualTo("charged:order-3");
            assertThat(payments.chargeMono("order-3").block(Duration.ofSeconds(10))).isEqualTo("charged:order-3");

            // two attempts of the first call (the retry on a Reactor thread), none of the second: served from the store
            assertThat(payments.keysSeen()).containsExactly("order-3", "order-3");
        });
    }

    /** Charges once the failed call's key is free: a duplicate is refused (after a short wait) until then. */
    private static String chargeOnceFree(SlowPayments payments, String orderId) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return payments.charge(orderId);
            } catch (DuplicateCallException stillClaimed) {
                if (System.nanoTime() - end >= 0) {
                    throw stillClaimed;
                }
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        SlowPayments slowPayments() {
            return new SlowPayments();
        }
    }

    /** Test controls are public: the bean is a class proxy, whose own fields are never set. */
    static class SlowPayments {
        private final AtomicInteger charges = new AtomicInteger();
        private volatile CountDownLatch stalled = new CountDownLatch(0);
        /** The work behind {@link #chargeAsync}: a minimal stage of it is not cancelled when its attempt times out. */
        private volatile CompletableFuture<String> pending = new CompletableFuture<>();

        private final List<String> keysSeen = new CopyOnWriteArrayList<>();
        private final AtomicInteger monoFailures = new AtomicInteger();

        public List<String> keysSeen() {
            return keysSeen;
        }

        public void failNextMonoAttempt() {
            monoFailures.set(1);
        }

        /** Records the idempotency key current when its Mono is subscribed, as a WebClient filter reads it. */
        @Retryable(value = "payments", idempotencyKey = "#orderId")
        public Mono<String> chargeMono(String orderId) {
            return Mono.fromCallable(() -> {
                keysSeen.add(String.valueOf(IdempotencyKeys.current()));
                if (monoFailures.getAndDecrement() > 0) {
                    throw new IOException("down");
                }
                return "charged:" + orderId;
            });
        }

        public int charges() {
            return charges.get();
        }

        public void stall() {
            stalled = new CountDownLatch(1);
        }

        public void resume() {
            stalled.countDown();
        }

        public void finishPending(String value) {
            pending.complete(value);
        }

        public void chargeAtOnce(String value) {
            pending = CompletableFuture.completedFuture(value);
        }

        /** Returns only when resumed (or after 30 s), whatever interrupts it gets. */
        @Retryable(value = "payments", idempotencyKey = "#orderId")
        public String charge(String orderId) {
            charges.incrementAndGet();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            boolean resumed = false;
            while (!resumed && System.nanoTime() - end < 0) {
                try {
                    resumed = stalled.await(end - System.nanoTime(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException ignored) {
                    // this charge goes on when its attempt is abandoned
                }
            }
            return "charged";
        }

        @Retryable(value = "payments", idempotencyKey = "#orderId")
        public CompletionStage<String> chargeAsync(String orderId) {
            charges.incrementAndGet();
            return pending.minimalCompletionStage();
        }
    }
}
