package dev.retrykit.benchmarks;

import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitBreakerConfig;
import dev.retrykit.core.budget.RetryBudgetConfig;
import dev.retrykit.core.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import org.springframework.retry.backoff.NoBackOffPolicy;
import org.springframework.retry.policy.CircuitBreakerRetryPolicy;
import org.springframework.retry.policy.SimpleRetryPolicy;

/**
 * The same policy shapes for every library, in one place so that the benchmarks compare like with like:
 * 3 attempts without delay; a count-based breaker of 50 calls, 20 minimum, 50 % failures, 30 s open; a bulkhead of
 * 20 concurrent calls that does not wait.
 */
final class Policies {

    static final int ATTEMPTS = 3;
    static final int WINDOW = 50;
    static final int MINIMUM_CALLS = 20;
    static final int FAILURE_RATE_PERCENT = 50;
    static final Duration WAIT_IN_OPEN = Duration.ofSeconds(30);
    static final int CONCURRENT_CALLS = 20;

    private Policies() {
    }

    // ---------------------------------------------------------------- retrykit

    /** A registry whose global budget never refuses: only the policies' own layers act. */
    static ServiceRegistry retrykitRegistryWithoutGlobalBudget() {
        return ServiceRegistry.builder().globalBudget(RetryBudgetConfig.DISABLED).build();
    }

    /** Retry only: 3 immediate attempts, breaker and budget off, a bulkhead too large to matter. */
    static ServicePolicy retrykitRetryOnly() {
        return ServicePolicy.builder()
                .maxAttempts(ATTEMPTS)
                .strategy("immediate")
                .retryOn(Work.TransientFailure.class)
                .circuitBreaker(CircuitBreakerConfig.builder().enabled(false).build())
                .budget(RetryBudgetConfig.DISABLED)
                .bulkhead(BulkheadConfig.NONE)
                .build();
    }

    /** Circuit breaker only: one attempt, the shared breaker shape, budget off, bulkhead too large to matter. */
    static ServicePolicy retrykitBreakerOnly() {
        return ServicePolicy.builder()
                .maxAttempts(1)
                .strategy("immediate")
                .circuitBreaker(retrykitBreaker())
                .budget(RetryBudgetConfig.DISABLED)
                .bulkhead(BulkheadConfig.NONE)
                .build();
    }

    /** Retry + breaker + bulkhead, budgets off: the shape the peers can express too. */
    static ServicePolicy retrykitComposed() {
        return ServicePolicy.builder()
                .maxAttempts(ATTEMPTS)
                .strategy("immediate")
                .retryOn(Work.TransientFailure.class)
                .circuitBreaker(retrykitBreaker())
                .budget(RetryBudgetConfig.DISABLED)
                .bulkhead(new BulkheadConfig(CONCURRENT_CALLS, Duration.ZERO))
                .build();
    }

    /**
     * Everything retrykit does by default on top of the composed shape: the service budget and (through a default
     * registry) the global budget and the global limit of retries in flight.
     */
    static ServicePolicy retrykitFull() {
        return retrykitComposed().toBuilder().budget(RetryBudgetConfig.DEFAULT).build();
    }

    private static CircuitBreakerConfig retrykitBreaker() {
        return CircuitBreakerConfig.builder()
                .slidingWindowSize(WINDOW)
                .minimumCalls(MINIMUM_CALLS)
                .failureRateThreshold(FAILURE_RATE_PERCENT)
                .waitInOpen(WAIT_IN_OPEN)
                .build();
    }

    // ---------------------------------------------------------------- Resilience4j

    static Retry resilience4jRetry() {
        return Retry.of("bench", RetryConfig.custom().maxAttempts(ATTEMPTS).waitDuration(Duration.ZERO).build());
    }

    static CircuitBreaker resilience4jBreaker() {
        return CircuitBreaker.of("bench", io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                .slidingWindowType(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(WINDOW)
                .minimumNumberOfCalls(MINIMUM_CALLS)
                .failureRateThreshold(FAILURE_RATE_PERCENT)
                .waitDurationInOpenState(WAIT_IN_OPEN)
                .build());
    }

    static Bulkhead resilience4jBulkhead() {
        return Bulkhead.of("bench", io.github.resilience4j.bulkhead.BulkheadConfig.custom()
                .maxConcurrentCalls(CONCURRENT_CALLS)
                .maxWaitDuration(Duration.ZERO)
                .build());
    }

    // ---------------------------------------------------------------- Failsafe

    /** Failsafe's retry: 3 attempts; its delay is zero unless set (it refuses an explicit zero). */
    static dev.failsafe.RetryPolicy<String> failsafeRetry() {
        return dev.failsafe.RetryPolicy.<String>builder().withMaxAttempts(ATTEMPTS).build();
    }

    static dev.failsafe.CircuitBreaker<String> failsafeBreaker() {
        return dev.failsafe.CircuitBreaker.<String>builder()
                .withFailureThreshold(WINDOW * FAILURE_RATE_PERCENT / 100, WINDOW)
                .withDelay(WAIT_IN_OPEN)
                .build();
    }

    static dev.failsafe.Bulkhead<String> failsafeBulkhead() {
        return dev.failsafe.Bulkhead.<String>builder(CONCURRENT_CALLS).withMaxWaitTime(Duration.ZERO).build();
    }

    // ---------------------------------------------------------------- Spring Retry

    /** Spring Retry's simple policy: 3 attempts, no back-off. */
    static org.springframework.retry.support.RetryTemplate springRetry() {
        org.springframework.retry.support.RetryTemplate template = new org.springframework.retry.support.RetryTemplate();
        template.setRetryPolicy(new SimpleRetryPolicy(ATTEMPTS));
        template.setBackOffPolicy(new NoBackOffPolicy());
        return template;
    }

    /**
     * Spring Retry's breaker: {@link CircuitBreakerRetryPolicy} around a one-attempt policy, used with a stateful
     * {@code RetryState} so that the breaker's context is kept between calls (its defaults: 5 s open timeout,
     * 20 s reset timeout; it has no failure-rate window).
     */
    static org.springframework.retry.support.RetryTemplate springRetryBreaker() {
        org.springframework.retry.support.RetryTemplate template = new org.springframework.retry.support.RetryTemplate();
        template.setRetryPolicy(new CircuitBreakerRetryPolicy(new SimpleRetryPolicy(1)));
        template.setBackOffPolicy(new NoBackOffPolicy());
        return template;
    }

    // ---------------------------------------------------------------- Spring Framework 7

    /** Spring Framework 7's core retry: 2 retries after the first attempt, no delay. */
    static org.springframework.core.retry.RetryTemplate springFramework() {
        return new org.springframework.core.retry.RetryTemplate(org.springframework.core.retry.RetryPolicy.builder()
                .maxRetries(ATTEMPTS - 1)
                .delay(Duration.ZERO)
                .build());
    }
}
