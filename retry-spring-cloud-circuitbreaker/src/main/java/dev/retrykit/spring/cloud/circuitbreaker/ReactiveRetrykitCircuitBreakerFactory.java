package dev.retrykit.spring.cloud.circuitbreaker;

import dev.retrykit.core.ServiceRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;

/**
 * retrykit's {@link ReactiveCircuitBreakerFactory}: {@code create("payments")} guards {@code Mono}s and {@code Flux}es
 * with the retrykit service {@code payments}, exactly as {@link RetrykitCircuitBreakerFactory} does for blocking
 * calls (same services, same configuration rules), without blocking a thread between attempts. Spring Cloud
 * Gateway's {@code CircuitBreaker} filter uses it, with the route's id as the service name unless the filter names
 * one. Breakers are cached per id and group. Thread-safe.
 */
public class ReactiveRetrykitCircuitBreakerFactory
        extends ReactiveCircuitBreakerFactory<RetrykitCircuitBreakerConfig, RetrykitConfigBuilder> {

    private final ServiceBinder binder;
    private final Map<String, ReactiveCircuitBreaker> breakers = new ConcurrentHashMap<>();
    private volatile Function<String, RetrykitCircuitBreakerConfig> defaultConfiguration =
            id -> new RetrykitConfigBuilder(id).build();

    /**
     * A factory of reactive breakers backed by {@code registry}'s services.
     *
     * @param registry the application's retrykit services
     */
    public ReactiveRetrykitCircuitBreakerFactory(ServiceRegistry registry) {
        this.binder = new ServiceBinder(registry);
    }

    /** The reactive breaker of the service {@code id}, its template the default one unless configured. */
    @Override
    public ReactiveCircuitBreaker create(String id) {
        return create(id, null);
    }

    /**
     * The reactive breaker of the service {@code id}; {@code groupName}, when it names a template, is the template of
     * a service that neither {@code retry.services} nor {@code configure} gives one.
     *
     * @throws dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException when the configured template does not
     *         exist
     */
    @Override
    public ReactiveCircuitBreaker create(String id, String groupName) {
        String key = groupName == null ? id : id + '\u0000' + groupName;
        ReactiveCircuitBreaker breaker = breakers.get(key);
        if (breaker != null) {
            return breaker;
        }
        return breakers.computeIfAbsent(key, k -> new ReactiveRetrykitCircuitBreaker(
                binder.bind(id, groupName, getConfigurations(), defaultConfiguration)));
    }

    @Override
    protected RetrykitConfigBuilder configBuilder(String id) {
        return new RetrykitConfigBuilder(id);
    }

    /** Sets the configuration of ids that {@code configure} does not name. */
    @Override
    public void configureDefault(Function<String, RetrykitCircuitBreakerConfig> defaultConfiguration) {
        this.defaultConfiguration = Objects.requireNonNull(defaultConfiguration, "defaultConfiguration");
        breakers.clear();
    }

    /** Sets the configuration of the given ids (or groups). */
    @Override
    public void configure(Consumer<RetrykitConfigBuilder> consumer, String... ids) {
        super.configure(consumer, ids);
        breakers.clear();
    }
}
