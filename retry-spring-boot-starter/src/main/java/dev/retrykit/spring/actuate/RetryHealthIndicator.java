package dev.retrykit.spring.actuate;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code retry} health contributor. Its details have two fixed keys, so that no service name can collide with
 * anything else: {@code store} ({@code type} and {@code reachable} of the {@link RetryStoreStatus}) and
 * {@code services}, one entry per service in name order ({@code state}, recent {@code successRate}, {@code score} and
 * {@code status} of its {@link ServiceHealth}):
 * <pre>
 * {"status": "UP", "details": {"store": {"type": "memory", "reachable": true},
 *                              "services": {"payments": {"state": "CLOSED", "successRate": 1.0, ...}}}}
 * </pre>
 * It reports UP: neither an open breaker nor a low success rate takes
 * the application out of its load balancer, since that would turn one failing dependency into an outage of
 * everything, and an unreachable store only makes each instance fall back to its local state. With
 * {@code downOnOpen} ({@code retry.health.down-on-open=true}) an OPEN or FORCED_OPEN breaker reports DOWN.
 *
 * <p>Thread-safe; each call reads every service once.
 */
public class RetryHealthIndicator implements HealthIndicator {

    private final ServiceRegistry registry;
    private final RetryStoreStatus store;
    private final boolean downOnOpen;

    /**
     * Creates the indicator.
     *
     * @param registry   the services to report
     * @param store      the status of the shared-state store
     * @param downOnOpen whether an open breaker reports DOWN
     */
    public RetryHealthIndicator(ServiceRegistry registry, RetryStoreStatus store, boolean downOnOpen) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.store = Objects.requireNonNull(store, "store");
        this.downOnOpen = downOnOpen;
    }

    @Override
    public Health health() {
        boolean anyOpen = false;
        Map<String, Object> details = new LinkedHashMap<>();
        Map<String, Object> storeDetail = new LinkedHashMap<>();
        storeDetail.put("type", store.type());
        storeDetail.put("reachable", store.reachable());
        details.put("store", storeDetail);
        Map<String, Object> services = new LinkedHashMap<>();
        details.put("services", services);
        for (GuardedService service : registry.services()) {
            ServiceHealth health = ServiceHealth.of(service);
            anyOpen |= health.breakerOpen();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("state", health.state().name());
            detail.put("successRate", health.successRate());
            detail.put("score", health.score());
            detail.put("status", health.status().name());
            services.put(service.name(), detail);
        }
        Health.Builder builder = downOnOpen && anyOpen ? Health.down() : Health.up();
        return builder.withDetails(details).build();
    }
}
