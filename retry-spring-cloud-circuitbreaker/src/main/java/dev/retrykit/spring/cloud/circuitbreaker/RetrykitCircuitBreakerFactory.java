package dev.retrykit.spring.cloud.circuitbreaker;

import dev.retrykit.core.ServiceRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;

/**
 * retrykit's blocking {@link CircuitBreakerFactory}: {@code create("payments")} guards calls with the retrykit service
 * {@code payments}, so its {@code retry.services} entry or template, budgets, bulkhead, timeouts, metrics,
 * {@code /actuator/retry} and dashboard all apply. A group that names a template ({@code create("x", "http-api")})
 * picks the template of a service that has no {@code retry.services} entry; see {@link RetrykitConfigBuilder} for what
 * {@code configure(builder, ids)} and {@link #configureDefault} set.
 *
 * <p>Breakers are cached per id and group, so calling {@code create} per request is cheap; configuration changes
 * apply to breakers created afterwards (configure through {@code Customizer} beans, at startup). Thread-safe.
 */
public class RetrykitCircuitBreakerFactory extends CircuitBreakerFactory<RetrykitCircuitBreakerConfig, RetrykitConfigBuilder> {

    private final ServiceBinder binder;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private volatile Function<String, RetrykitCircuitBreakerConfig> defaultConfiguration =
            id -> new RetrykitConfigBuilder(id).build();

    /**
     * A factory of breakers backed by {@code registry}'s services.
     *
     * @param registry the application's retrykit services
     */
    public RetrykitCircuitBreakerFactory(ServiceRegistry registry) {
        this.binder = new ServiceBinder(registry);
    }

    /** The breaker of the service {@code id}, its template the default one unless configured. */
    @Override
    public CircuitBreaker create(String id) {
        return create(id, null);
    }

    /**
     * The breaker of the service {@code id}; {@code groupName}, when it names a template, is the template of a service
     * that neither {@code retry.services} nor {@code configure} gives one.
     *
     * @throws dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException when the configured template does not
     *         exist
     */
    @Override
    public CircuitBreaker create(String id, String groupName) {
        String key = groupName == null ? id : id + '\u0000' + groupName;
        CircuitBreaker breaker = breakers.get(key);
        if (breaker != null) {
            return breaker;
        }
        return breakers.computeIfAbsent(key, k -> new RetrykitCircuitBreaker(
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
