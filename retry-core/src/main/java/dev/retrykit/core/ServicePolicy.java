package dev.retrykit.core;

import dev.retrykit.core.backoff.BackoffSettings;
import dev.retrykit.core.breaker.CircuitBreakerConfig;
import dev.retrykit.core.budget.RetryBudgetConfig;
import dev.retrykit.core.bulkhead.BulkheadConfig;
import dev.retrykit.core.hedge.HedgingConfig;
import dev.retrykit.core.shed.LoadSheddingConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The whole immutable policy of one service: retries, classification, timeouts, breaker, budget, bulkhead, load
 * shedding and hedging. Built from a template by {@link TemplateRegistry}, or directly with {@link #builder()}.
 * A runtime change builds a new policy and swaps it atomically.
 *
 * @param template                name of the template it was built from ({@code custom} when built directly)
 * @param maxAttempts             attempts including the first; at least 1
 * @param strategy                backoff strategy name, e.g. {@code exponential-jitter}
 * @param backoff                 base, max, multiplier and jitter of the strategy
 * @param retryableExceptions     failures (or causes) that are retried
 * @param nonRetryableExceptions  failures (or causes) that are never retried; they win over retryable ones
 * @param retryableStatusCodes    HTTP status codes that are retried (used by HTTP classifiers)
 * @param retryableSqlStates      SQLStates that are retried (e.g. {@code 40001})
 * @param respectRetryAfter       whether a server's {@code Retry-After} is a floor of the next delay
 * @param timeout                 per-attempt and total timeouts
 * @param circuitBreaker          breaker settings
 * @param budget                  retry budget settings
 * @param bulkhead                bulkhead settings
 * @param loadShedding            load shedding settings
 * @param hedging                 hedging settings
 */
public record ServicePolicy(
        String template,
        int maxAttempts,
        String strategy,
        BackoffSettings backoff,
        List<Class<? extends Throwable>> retryableExceptions,
        List<Class<? extends Throwable>> nonRetryableExceptions,
        Set<Integer> retryableStatusCodes,
        Set<String> retryableSqlStates,
        boolean respectRetryAfter,
        TimeoutConfig timeout,
        CircuitBreakerConfig circuitBreaker,
        RetryBudgetConfig budget,
        BulkheadConfig bulkhead,
        LoadSheddingConfig loadShedding,
        HedgingConfig hedging) {

    /** Validates and freezes every field. */
    public ServicePolicy {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(circuitBreaker, "circuitBreaker");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(bulkhead, "bulkhead");
        Objects.requireNonNull(loadShedding, "loadShedding");
        Objects.requireNonNull(hedging, "hedging");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        retryableExceptions = List.copyOf(retryableExceptions);
        nonRetryableExceptions = List.copyOf(nonRetryableExceptions);
        retryableStatusCodes = Set.copyOf(retryableStatusCodes);
        retryableSqlStates = Set.copyOf(retryableSqlStates);
    }

    /** A builder with neutral defaults: 3 attempts, exponential-jitter from 200 ms to 10 s, nothing retryable. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this policy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable builder of {@link ServicePolicy}; not thread-safe. */
    public static final class Builder {
        private String template = "custom";
        private int maxAttempts = 3;
        private String strategy = "exponential-jitter";
        private Duration baseDelay = Duration.ofMillis(200);
        private Duration maxDelay = Duration.ofSeconds(10);
        private double multiplier = 2.0;
        private double jitter = 0.1;
        private final List<Class<? extends Throwable>> retryableExceptions = new ArrayList<>();
        private final List<Class<? extends Throwable>> nonRetryableExceptions = new ArrayList<>();
        private final Set<Integer> retryableStatusCodes = new LinkedHashSet<>();
        private final Set<String> retryableSqlStates = new LinkedHashSet<>();
        private boolean respectRetryAfter;
        private TimeoutConfig timeout = TimeoutConfig.NONE;
        private CircuitBreakerConfig circuitBreaker = CircuitBreakerConfig.DEFAULT;
        private RetryBudgetConfig budget = RetryBudgetConfig.DEFAULT;
        private BulkheadConfig bulkhead = BulkheadConfig.NONE;
        private LoadSheddingConfig loadShedding = LoadSheddingConfig.DEFAULT;
        private HedgingConfig hedging = HedgingConfig.DEFAULT;

        private Builder() {
        }

        private Builder(ServicePolicy from) {
            template = from.template;
            maxAttempts = from.maxAttempts;
            strategy = from.strategy;
            baseDelay = from.backoff.baseDelay();
            maxDelay = from.backoff.maxDelay();
            multiplier = from.backoff.multiplier();
            jitter = from.backoff.jitter();
            retryableExceptions.addAll(from.retryableExceptions);
            nonRetryableExceptions.addAll(from.nonRetryableExceptions);
            retryableStatusCodes.addAll(from.retryableStatusCodes);
            retryableSqlStates.addAll(from.retryableSqlStates);
            respectRetryAfter = from.respectRetryAfter;
            timeout = from.timeout;
            circuitBreaker = from.circuitBreaker;
            budget = from.budget;
            bulkhead = from.bulkhead;
            loadShedding = from.loadShedding;
            hedging = from.hedging;
        }

        /** Sets the template name reported for this policy. */
        public Builder template(String value) { template = value; return this; }
        /** Sets the attempts, first included. */
        public Builder maxAttempts(int value) { maxAttempts = value; return this; }
        /** Sets the backoff strategy name. */
        public Builder strategy(String value) { strategy = value; return this; }
        /** Sets the base delay. */
        public Builder baseDelay(Duration value) { baseDelay = value; return this; }
        /** Sets the max delay. */
        public Builder maxDelay(Duration value) { maxDelay = value; return this; }
        /** Sets the multiplier of exponential strategies. */
        public Builder multiplier(double value) { multiplier = value; return this; }
        /** Sets the relative jitter of constant-jitter and linear-jitter. */
        public Builder jitter(double value) { jitter = value; return this; }
        /** Adds retryable exception types. */
        @SafeVarargs
        public final Builder retryOn(Class<? extends Throwable>... types) {
            for (Class<? extends Throwable> type : types) {
                addAll(retryableExceptions, List.of(type));
            }
            return this;
        }
        /** Adds retryable exception types. */
        public Builder retryOn(List<Class<? extends Throwable>> types) { addAll(retryableExceptions, types); return this; }
        /** Replaces the retryable exception types. */
        public Builder retryableExceptions(List<Class<? extends Throwable>> types) { retryableExceptions.clear(); return retryOn(types); }
        /** Adds non-retryable exception types. */
        @SafeVarargs
        public final Builder noRetryOn(Class<? extends Throwable>... types) {
            for (Class<? extends Throwable> type : types) {
                addAll(nonRetryableExceptions, List.of(type));
            }
            return this;
        }
        /** Adds non-retryable exception types. */
        public Builder noRetryOn(List<Class<? extends Throwable>> types) { addAll(nonRetryableExceptions, types); return this; }
        /** Replaces the non-retryable exception types. */
        public Builder nonRetryableExceptions(List<Class<? extends Throwable>> types) { nonRetryableExceptions.clear(); return noRetryOn(types); }
        /** Replaces the retryable HTTP status codes. */
        public Builder retryableStatusCodes(Set<Integer> codes) { retryableStatusCodes.clear(); retryableStatusCodes.addAll(codes); return this; }
        /** Replaces the retryable SQLStates. */
        public Builder retryableSqlStates(Set<String> states) { retryableSqlStates.clear(); retryableSqlStates.addAll(states); return this; }
        /** Sets whether {@code Retry-After} is honoured. */
        public Builder respectRetryAfter(boolean value) { respectRetryAfter = value; return this; }
        /** Sets the timeouts. */
        public Builder timeout(TimeoutConfig value) { timeout = value; return this; }
        /** Sets the circuit breaker settings. */
        public Builder circuitBreaker(CircuitBreakerConfig value) { circuitBreaker = value; return this; }
        /** Sets the budget settings. */
        public Builder budget(RetryBudgetConfig value) { budget = value; return this; }
        /** Sets the bulkhead settings. */
        public Builder bulkhead(BulkheadConfig value) { bulkhead = value; return this; }
        /** Sets the load shedding settings. */
        public Builder loadShedding(LoadSheddingConfig value) { loadShedding = value; return this; }
        /** Sets the hedging settings. */
        public Builder hedging(HedgingConfig value) { hedging = value; return this; }

        /** The current timeout settings, for partial updates. */
        public TimeoutConfig timeout() { return timeout; }
        /** The current breaker settings, for partial updates. */
        public CircuitBreakerConfig circuitBreaker() { return circuitBreaker; }
        /** The current budget settings, for partial updates. */
        public RetryBudgetConfig budget() { return budget; }
        /** The current bulkhead settings, for partial updates. */
        public BulkheadConfig bulkhead() { return bulkhead; }
        /** The current load shedding settings, for partial updates. */
        public LoadSheddingConfig loadShedding() { return loadShedding; }
        /** The current hedging settings, for partial updates. */
        public HedgingConfig hedging() { return hedging; }

        private static <T> void addAll(List<T> target, List<? extends T> values) {
            for (T value : values) {
                if (!target.contains(value)) {
                    target.add(value);
                }
            }
        }

        /** Builds and validates; throws {@link IllegalArgumentException} naming the bad value. */
        public ServicePolicy build() {
            return new ServicePolicy(template, maxAttempts, strategy, new BackoffSettings(baseDelay, maxDelay, multiplier, jitter),
                    retryableExceptions, nonRetryableExceptions, retryableStatusCodes, retryableSqlStates, respectRetryAfter,
                    timeout, circuitBreaker, budget, bulkhead, loadShedding, hedging);
        }
    }
}
