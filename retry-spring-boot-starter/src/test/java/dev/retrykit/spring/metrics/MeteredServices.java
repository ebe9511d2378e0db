package dev.retrykit.spring.metrics;

import dev.retrykit.core.CallOptions;
import dev.retrykit.core.CircuitOpenException;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitBreakerConfig;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.budget.RetryBudgetConfig;
import dev.retrykit.core.bulkhead.BulkheadConfig;
import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.Assertions;

/**
 * Shared fixture of the metrics tests: a {@link ServiceRegistry} on a manual clock (no real waiting) whose services
 * retry {@link IOException}s up to twice with a fixed backoff, and calls that end with each outcome.
 */
final class MeteredServices implements AutoCloseable {

    final ManualClock clock = new ManualClock();
    final ServiceRegistry registry;

    MeteredServices(String... configuredServices) {
        ServiceRegistry.Builder builder = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock);
        for (String name : configuredServices) {
            builder.service(name, policy());
        }
        registry = builder.build();
    }

    static ServicePolicy policy() {
        return ServicePolicy.builder().strategy("fixed").baseDelay(Duration.ofMillis(100)).maxDelay(Duration.ofSeconds(1))
                .maxAttempts(2).retryOn(IOException.class).bulkhead(new BulkheadConfig(20, Duration.ZERO)).build();
    }

    GuardedService service(String name) {
        return registry.register(name, policy());
    }

    /** A service whose breaker never opens, so that long runs of failures keep reaching the method. */
    GuardedService serviceWithoutBreaker(String name) {
        return registry.register(name, policy().toBuilder().circuitBreaker(CircuitBreakerConfig.builder().enabled(false).build()).build());
    }

    /** A service with neither breaker nor budget, so that any number of calls behave the same. */
    GuardedService unprotectedService(String name) {
        return registry.register(name, policy().toBuilder().circuitBreaker(CircuitBreakerConfig.builder().enabled(false).build())
                .budget(RetryBudgetConfig.DISABLED).build());
    }

    /** Outcome {@code success}: one attempt. */
    void succeed(GuardedService service) {
        service.call(() -> "ok");
    }

    /** Outcome {@code success_after_retry}: two attempts. */
    void succeedAfterRetry(GuardedService service) {
        int[] attempts = {0};
        service.call(() -> {
            if (attempts[0]++ == 0) {
                throw new IOException("first attempt fails");
            }
            return "ok";
        });
    }

    /** Outcome {@code failure}: one attempt, a non-retryable error. */
    void failNonRetryable(GuardedService service) {
        Assertions.assertThatThrownBy(() -> service.call(() -> {
            throw new IllegalArgumentException("bad request");
        })).isInstanceOf(IllegalArgumentException.class);
    }

    /** Outcome {@code exhausted}: two attempts, both retryable failures. */
    void exhaust(GuardedService service) {
        Assertions.assertThatThrownBy(() -> service.call(() -> {
            throw new IOException("down");
        })).isInstanceOf(IOException.class);
    }

    /** Outcome {@code budget_exhausted}: one attempt, its retry refused by the global limit of retries in flight. */
    void exhaustBudget(GuardedService service) {
        int limit = registry.globalRetryLimit().maxConcurrentRetries();
        registry.globalRetryLimit().setMaxConcurrentRetries(0);
        try {
            exhaust(service);
        } finally {
            registry.globalRetryLimit().setMaxConcurrentRetries(limit);
        }
    }

    /** Outcome {@code rejected}: no attempt, the breaker is forced open for the call and closed again after. */
    void reject(GuardedService service) {
        CircuitState before = service.circuitBreaker().state();
        service.circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);
        try {
            Assertions.assertThatThrownBy(() -> service.call(() -> "never"))
                    .isInstanceOf(CircuitOpenException.class);
        } finally {
            service.circuitBreaker().transitionTo(before);
        }
    }

    /** Outcome {@code fallback}: one attempt, a non-retryable error answered by a fallback. */
    void fallBack(GuardedService service) {
        CallOptions options = CallOptions.builder().fallback(failure -> "cached", List.of()).build();
        service.call(() -> {
            throw new IllegalStateException("broken");
        }, options);
    }

    /** Outcome {@code cancelled}: one asynchronous attempt that never answers, cancelled by the caller. */
    void cancel(GuardedService service) {
        service.callAsync(java.util.concurrent.CompletableFuture<String>::new).cancel(true);
    }

    /** One call of every outcome, in {@code Outcome} order: 9 attempts in all. */
    void everyOutcome(GuardedService service) {
        succeed(service);
        succeedAfterRetry(service);
        failNonRetryable(service);
        exhaust(service);
        exhaustBudget(service);
        reject(service);
        fallBack(service);
        cancel(service);
    }

    @Override
    public void close() {
        registry.close();
    }
}
