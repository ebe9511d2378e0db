package dev.retrykit.spring.cloud.circuitbreaker;

import dev.retrykit.annotation.Priority;
import dev.retrykit.core.CallOptions;
import java.util.List;
import java.util.Objects;

/**
 * What a Spring Cloud CircuitBreaker id adds to its retrykit service: the template to create the service from when
 * {@code retry.services} has no entry for it, and the call-site overrides an annotation would give (attempts, one
 * attempt only, priority, extra exception types). Everything else (backoff, breaker, budgets, bulkhead, timeouts) is
 * the service's policy from {@code application.yml}. Built by {@link RetrykitConfigBuilder}; immutable and
 * thread-safe.
 */
public final class RetrykitCircuitBreakerConfig {

    private final String id;
    private final String template;
    private final CallOptions options;

    RetrykitCircuitBreakerConfig(String id, String template, int maxAttempts, boolean retries, Priority priority,
                                 List<Class<? extends Throwable>> retryOn, List<Class<? extends Throwable>> noRetryOn) {
        this.id = Objects.requireNonNull(id, "id");
        this.template = template;
        this.options = CallOptions.builder().maxAttempts(maxAttempts).retries(retries).priority(priority)
                .retryOn(retryOn).noRetryOn(noRetryOn).build();
    }

    /** The circuit-breaker id the configuration was built for; the breaker's retrykit service name. */
    public String id() {
        return id;
    }

    /**
     * The template a service without a {@code retry.services} entry is created from, or {@code null} for the group's
     * template (when the group names one) or else {@code retry.default-template}.
     */
    public String template() {
        return template;
    }

    /** The call-site overrides, shared by every call of the breaker. */
    CallOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return "RetrykitCircuitBreakerConfig[id=" + id + ", template=" + template + ", maxAttempts=" + options.maxAttempts()
                + ", retries=" + options.retries() + ", priority=" + options.priority() + "]";
    }
}
