package dev.retrykit.spring.aop;

import dev.retrykit.core.idempotency.IdempotencyKeys;
import dev.retrykit.spring.autoconfigure.ChaosSettings;
import java.lang.reflect.Constructor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Injects the faults of {@code retry.chaos.services.NAME} into each attempt (each call the dependency sees): the
 * latency first, then, for the configured share of attempts, the configured exception instead of running the
 * method. Blocking attempts sleep; asynchronous and reactive attempts are delayed on a timer, never blocking the
 * caller's thread. Thread-safe.
 */
final class ChaosInjector {

    private final ChaosSettings settings;
    private final long latencyMillis;

    ChaosInjector(ChaosSettings settings) {
        this.settings = settings;
        this.latencyMillis = settings.latency().toMillis();
    }

    /** Applies the faults before a blocking attempt; throws the configured exception for failing attempts. */
    void beforeAttempt() throws Throwable {
        if (latencyMillis > 0) {
            try {
                Thread.sleep(latencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw e;
            }
        }
        if (shouldFail()) {
            throw instantiate(settings.exception());
        }
    }

    /** Applies the faults to an asynchronous attempt: delays it on a timer, or fails it, without blocking. */
    CompletionStage<Object> around(Supplier<CompletionStage<Object>> attempt) {
        Supplier<CompletionStage<Object>> faulty = () -> shouldFail()
                ? CompletableFuture.failedFuture(instantiate(settings.exception())) : attempt.get();
        if (latencyMillis <= 0) {
            return faulty.get();
        }
        // the delayed attempt runs on a timer thread: carry the caller's idempotency key over
        String key = IdempotencyKeys.current();
        return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(latencyMillis, TimeUnit.MILLISECONDS))
                .thenCompose(ignored -> IdempotencyKeys.supplyWith(key, faulty));
    }

    private boolean shouldFail() {
        return settings.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < settings.failureRate();
    }

    private static Throwable instantiate(Class<? extends Throwable> type) {
        String message = "retrykit chaos: injected " + type.getSimpleName();
        try {
            Constructor<? extends Throwable> withMessage = type.getDeclaredConstructor(String.class);
            withMessage.setAccessible(true);
            return withMessage.newInstance(message);
        } catch (ReflectiveOperationException | RuntimeException noMessageConstructor) {
            try {
                Constructor<? extends Throwable> plain = type.getDeclaredConstructor();
                plain.setAccessible(true);
                return plain.newInstance();
            } catch (ReflectiveOperationException | RuntimeException e) {
                return new IllegalStateException(message + " (" + type.getName() + " has no usable constructor)");
            }
        }
    }
}
