package dev.retrykit.spring.actuate;

import dev.retrykit.core.CallRejectedException;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import java.io.IOException;
import java.time.Duration;

/** Registries, policies and calls shared by the tests of this package. */
final class RetryFixtures {

    private RetryFixtures() {
    }

    /** A policy that retries {@link IOException} up to 3 attempts with a fixed 1 ms delay. */
    static ServicePolicy fastPolicy(String template) {
        return ServicePolicy.builder().template(template).strategy("fixed").maxAttempts(3)
                .baseDelay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(2)).retryOn(IOException.class)
                .bulkhead(new dev.retrykit.core.bulkhead.BulkheadConfig(20, Duration.ZERO)).build();
    }

    /** A registry whose services have {@link #fastPolicy}, with the given listeners and no real sleeping. */
    static ServiceRegistry registry(String... services) {
        return registryWithListener(null, services);
    }

    /** Like {@link #registry}, with one listener. */
    static ServiceRegistry registryWithListener(dev.retrykit.core.event.RetryEventListener listener, String... services) {
        ServiceRegistry.Builder builder = ServiceRegistry.builder().sleeper(nanos -> { });
        if (listener != null) {
            builder.listener(listener);
        }
        for (String service : services) {
            builder.service(service, fastPolicy("http-api"));
        }
        return builder.build();
    }

    /** One call that succeeds at the first attempt. */
    static void succeed(GuardedService service) {
        service.call(() -> "ok");
    }

    /** One call that fails {@code failures} times with an {@link IOException} before succeeding. */
    static void succeedAfter(GuardedService service, int failures) {
        int[] left = {failures};
        service.call(() -> {
            if (left[0]-- > 0) {
                throw new IOException("down");
            }
            return "ok";
        });
    }

    /** One call whose every attempt fails with an {@link IOException}; the failure is swallowed. */
    static void fail(GuardedService service) {
        try {
            service.call(() -> {
                throw new IOException("down");
            });
        } catch (Exception failure) {
            if (!(failure instanceof IOException) && !(failure instanceof CallRejectedException)) {
                throw new AssertionError("unexpected failure", failure);
            }
        }
    }
}
