package dev.retrykit.spring.cloud.circuitbreaker;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.TemplateRegistry;
import dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Binds a circuit-breaker id (and group) to a retrykit service, shared by the blocking and the reactive factory:
 * <ol>
 *   <li>the configuration is the id's ({@code configure(builder, id)}), else the group's
 *       ({@code configure(builder, group)}), else the default ({@code configureDefault});</li>
 *   <li>a service configured under {@code retry.services} keeps its policy;</li>
 *   <li>any other service is created from the configuration's template, else from the group when the group names a
 *       template, else from {@code retry.default-template}.</li>
 * </ol>
 * A template that does not exist fails the creation with an {@link InvalidRetryConfigurationException} naming the
 * known ones. Thread-safe.
 */
final class ServiceBinder {

    private final ServiceRegistry registry;

    ServiceBinder(ServiceRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    BoundService bind(String id, String group, Map<String, RetrykitCircuitBreakerConfig> configurations,
                      Function<String, RetrykitCircuitBreakerConfig> defaultConfiguration) {
        Objects.requireNonNull(id, "id");
        RetrykitCircuitBreakerConfig config = configurations.get(id);
        if (config == null && group != null) {
            config = configurations.get(group);
        }
        if (config == null) {
            config = defaultConfiguration.apply(id);
        }
        TemplateRegistry templates = registry.templates();
        String template = config.template();
        if (template != null && !templates.contains(template)) {
            throw new InvalidRetryConfigurationException("circuit breaker '" + id + "' template", template,
                    "is not a template", "one of: " + String.join(", ", templates.names()));
        }
        if (template == null && group != null && templates.contains(group)) {
            template = group;
        }
        GuardedService service = registry.service(id, template);
        return new BoundService(service, config.options());
    }
}
