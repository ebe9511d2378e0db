package dev.retrykit.benchmarks;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Small Spring Boot contexts without a web server, for the benchmarks that measure what an application runs:
 * auto-configuration as Boot applies it (retrykit's starter with its logging listener, Micrometer meters and health;
 * Resilience4j's Spring Boot module with its Micrometer binding), both libraries configured with the shapes of
 * {@link Policies} under the name {@code bench}.
 */
final class BootContexts {

    /** The service or instance name both libraries are configured under. */
    static final String NAME = "bench";

    private BootContexts() {
    }

    /** Starts {@code application} with the shared shapes and {@code extraProperties} ({@code key=value}). */
    static ConfigurableApplicationContext start(Class<?> application, String... extraProperties) {
        List<String> properties = new ArrayList<>(List.of(
                "spring.main.banner-mode=off",
                "resilience4j.retry.instances.bench.max-attempts=" + Policies.ATTEMPTS,
                "resilience4j.retry.instances.bench.wait-duration=0ms",
                "resilience4j.circuitbreaker.instances.bench.sliding-window-type=COUNT_BASED",
                "resilience4j.circuitbreaker.instances.bench.sliding-window-size=" + Policies.WINDOW,
                "resilience4j.circuitbreaker.instances.bench.minimum-number-of-calls=" + Policies.MINIMUM_CALLS,
                "resilience4j.circuitbreaker.instances.bench.failure-rate-threshold=" + Policies.FAILURE_RATE_PERCENT,
                "resilience4j.circuitbreaker.instances.bench.wait-duration-in-open-state=" + Policies.WAIT_IN_OPEN,
                "retry.services.bench.max-attempts=" + Policies.ATTEMPTS,
                "retry.services.bench.strategy=immediate",
                "retry.services.bench.retryable-exceptions=" + Work.TransientFailure.class.getName(),
                "retry.services.bench.circuit-breaker.sliding-window-size=" + Policies.WINDOW,
                "retry.services.bench.circuit-breaker.minimum-calls=" + Policies.MINIMUM_CALLS,
                "retry.services.bench.circuit-breaker.failure-rate-threshold=" + Policies.FAILURE_RATE_PERCENT,
                "retry.services.bench.circuit-breaker.wait-in-open=" + Policies.WAIT_IN_OPEN));
        properties.addAll(List.of(extraProperties));
        return new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties(properties.toArray(new String[0]))
                .run();
    }
}
