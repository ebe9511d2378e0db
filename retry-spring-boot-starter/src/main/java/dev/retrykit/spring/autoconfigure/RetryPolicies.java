package dev.retrykit.spring.autoconfigure;

import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.TemplateRegistry;
import dev.retrykit.core.budget.RetryBudgetConfig;
import dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException;
import java.util.Map;
import java.util.Objects;

/**
 * The validated result of {@code retry.*}: the template registry (built-ins plus user templates, default template
 * applied), the resolved policy of every service configured under {@code retry.services}, and the global limits.
 * Built by {@link PolicyResolver}; immutable and thread-safe.
 */
public final class RetryPolicies {

    private final TemplateRegistry templates;
    private final Map<String, ServicePolicy> services;
    private final RetryBudgetConfig globalBudget;
    private final int maxConcurrentRetries;
    private final StoreType storeType;
    private final Map<String, ChaosSettings> chaos;

    /**
     * Creates the holder; the maps are copied.
     *
     * @param templates            every template, with the configured default
     * @param services             resolved policies of configured services by name
     * @param globalBudget         the budget shared by all services
     * @param maxConcurrentRetries retries in flight at once across all services
     * @param storeType            where shared state is kept
     * @param chaos                faults by service name; empty when chaos is disabled
     */
    public RetryPolicies(TemplateRegistry templates, Map<String, ServicePolicy> services, RetryBudgetConfig globalBudget,
                         int maxConcurrentRetries, StoreType storeType, Map<String, ChaosSettings> chaos) {
        this.templates = Objects.requireNonNull(templates, "templates");
        this.services = Map.copyOf(services);
        this.globalBudget = Objects.requireNonNull(globalBudget, "globalBudget");
        this.maxConcurrentRetries = maxConcurrentRetries;
        this.storeType = Objects.requireNonNull(storeType, "storeType");
        this.chaos = Map.copyOf(chaos);
    }

    /** Every template (built-ins and user templates); its default template is {@code retry.default-template}. */
    public TemplateRegistry templates() {
        return templates;
    }

    /** Resolved policies of the services configured under {@code retry.services}, by service name. */
    public Map<String, ServicePolicy> services() {
        return services;
    }

    /** Whether the service has an entry under {@code retry.services}. */
    public boolean isConfigured(String service) {
        return services.containsKey(service);
    }

    /**
     * The policy of a service as an annotation sees it. A service configured under {@code retry.services} gets its
     * configured policy (the annotation's template is then ignored); any other service gets the annotation's
     * template, or the default template when the annotation names none. Resolves anew on every call of an
     * unconfigured service: call it once per annotated method at startup.
     *
     * @param service            the service name of the annotation
     * @param annotationTemplate the annotation's {@code template}; {@code null} or empty = none
     * @return the policy; never {@code null}
     * @throws InvalidRetryConfigurationException when the annotation names an unknown template
     */
    public ServicePolicy policyFor(String service, String annotationTemplate) {
        Objects.requireNonNull(service, "service");
        ServicePolicy configured = services.get(service);
        if (configured != null) {
            return configured;
        }
        boolean named = annotationTemplate != null && !annotationTemplate.isEmpty();
        String template = named ? annotationTemplate : templates.defaultTemplate();
        if (!templates.contains(template)) {
            throw new InvalidRetryConfigurationException("@Retryable(\"" + service + "\").template", template,
                    "is not a template", "one of: " + String.join(", ", templates.names()));
        }
        return templates.resolve(template);
    }

    /** The retry budget shared by all services ({@code retry.global.budget}). */
    public RetryBudgetConfig globalBudget() {
        return globalBudget;
    }

    /** Retries in flight at once across all services ({@code retry.global.max-concurrent-retries}). */
    public int maxConcurrentRetries() {
        return maxConcurrentRetries;
    }

    /** Where shared state is kept ({@code retry.store.type}). */
    public StoreType storeType() {
        return storeType;
    }

    /** Faults by service name ({@code retry.chaos.services}); empty when {@code retry.chaos.enabled} is false. */
    public Map<String, ChaosSettings> chaos() {
        return chaos;
    }
}
