package dev.retrykit.spring.aop;

import dev.retrykit.spring.autoconfigure.ChaosSettings;
import java.lang.reflect.Constructor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Injects the faults of {@code retry.chaos.services.NAME} into each attempt: the latency first, then, for the
 * configured share of attempts, the configured exception instead of running the method. Thread-safe.
 */
final class ChaosInjector {

    private final ChaosSettings settings;
    private final long latencyMillis;

    ChaosInjector(ChaosSettings settings) {
        this.settings = settings;
        this.latencyMillis = settings.latency().toMillis();
    }

    /** Applies the faults before an attempt; throws the configured exception for failing attempts. */
    void beforeAttempt() throws Throwable {
        if (latencyMillis > 0) {
            Thread.sleep(latencyMillis);
        }
        if (settings.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < settings.failureRate()) {
            throw instantiate(settings.exception());
        }
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
