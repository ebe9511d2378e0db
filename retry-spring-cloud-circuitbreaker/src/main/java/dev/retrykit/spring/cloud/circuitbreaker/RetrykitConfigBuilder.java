package dev.retrykit.spring.cloud.circuitbreaker;

import dev.retrykit.annotation.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.cloud.client.circuitbreaker.ConfigBuilder;

/**
 * Builds the {@link RetrykitCircuitBreakerConfig} of one circuit-breaker id, the Spring Cloud CircuitBreaker way:
 *
 * <pre>{@code
 * @Bean
 * Customizer<RetrykitCircuitBreakerFactory> slowPartners() {
 *     return factory -> factory.configure(builder -> builder.template("http-api").maxAttempts(4), "partners", "rates");
 * }
 * }</pre>
 *
 * Unset values leave the service's own policy in charge. Mutable, not thread-safe; use one per configuration.
 */
public final class RetrykitConfigBuilder implements ConfigBuilder<RetrykitCircuitBreakerConfig> {

    private final String id;
    private String template;
    private int maxAttempts = -1;
    private boolean retries = true;
    private Priority priority = Priority.NORMAL;
    private final List<Class<? extends Throwable>> retryOn = new ArrayList<>();
    private final List<Class<? extends Throwable>> noRetryOn = new ArrayList<>();

    /**
     * A builder for the circuit-breaker id {@code id}.
     *
     * @param id the circuit-breaker id, which is the retrykit service name
     */
    public RetrykitConfigBuilder(String id) {
        this.id = Objects.requireNonNull(id, "id");
    }

    /**
     * The template (built-in or {@code retry.templates}) a service without a {@code retry.services} entry is created
     * from; checked against the known templates when the breaker is created.
     */
    public RetrykitConfigBuilder template(String value) {
        template = value == null || value.isEmpty() ? null : value;
        return this;
    }

    /** Overrides the service's {@code max-attempts} for this breaker (like {@code @Retryable(maxAttempts)}); 1 or more. */
    public RetrykitConfigBuilder maxAttempts(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("maxAttempts of circuit breaker '" + id + "' must be 1 or more, was " + value);
        }
        maxAttempts = value;
        return this;
    }

    /**
     * One attempt per call, no retries (like {@code @CircuitGuarded}): the breaker, bulkhead, load shedding and
     * timeouts of the service still apply. Use it where a caller retries itself (e.g. a gateway route with a
     * {@code Retry} filter).
     */
    public RetrykitConfigBuilder withoutRetries() {
        retries = false;
        return this;
    }

    /** The load-shedding priority of the breaker's calls; default {@link Priority#NORMAL}. */
    public RetrykitConfigBuilder priority(Priority value) {
        priority = Objects.requireNonNull(value, "priority");
        return this;
    }

    /** Adds exception types retried for this breaker, beside the service's retryable exceptions. */
    @SafeVarargs
    public final RetrykitConfigBuilder retryOn(Class<? extends Throwable>... types) {
        for (Class<? extends Throwable> type : types) {
            retryOn.add(Objects.requireNonNull(type, "retryOn type"));
        }
        return this;
    }

    /** Adds exception types never retried for this breaker, beside the service's non-retryable exceptions. */
    @SafeVarargs
    public final RetrykitConfigBuilder noRetryOn(Class<? extends Throwable>... types) {
        for (Class<? extends Throwable> type : types) {
            noRetryOn.add(Objects.requireNonNull(type, "noRetryOn type"));
        }
        return this;
    }

    /** The configuration; the builder can be used again. */
    @Override
    public RetrykitCircuitBreakerConfig build() {
        return new RetrykitCircuitBreakerConfig(id, template, maxAttempts, retries, priority, List.copyOf(retryOn),
                List.copyOf(noRetryOn));
    }
}
