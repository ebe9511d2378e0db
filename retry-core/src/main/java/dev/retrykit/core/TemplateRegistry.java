package dev.retrykit.core;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Named policy templates: the six built-ins of PRODUCT.md as data, plus user templates that extend
 * ({@code based-on}) or override them. Resolution applies, in order, the built-in, each template of the
 * {@code based-on} chain, then the service's own overrides. Immutable: every {@code with...} returns a copy.
 */
public final class TemplateRegistry {

    /** The template used when neither the service nor the annotation names one. */
    public static final String DEFAULT_TEMPLATE = "microservice";

    /** Names of the built-in templates, in documentation order. */
    public static final List<String> BUILT_IN_NAMES =
            List.of("ai-service", "database", "cache", "http-api", "message-queue", "microservice");

    private static final Set<Integer> AI_STATUS_CODES = ordered(408, 429, 500, 502, 503, 504, 529);
    private static final Set<Integer> HTTP_STATUS_CODES = ordered(408, 429, 500, 502, 503, 504);
    private static final Set<Integer> GATEWAY_STATUS_CODES = ordered(502, 503, 504);

    private final Map<String, Definition> definitions;
    private final String defaultTemplate;

    private TemplateRegistry(Map<String, Definition> definitions, String defaultTemplate) {
        this.definitions = definitions;
        this.defaultTemplate = defaultTemplate;
    }

    /** The six built-in templates, {@code microservice} as default. */
    public static TemplateRegistry builtIn() {
        Map<String, Definition> map = new LinkedHashMap<>();
        map.put("ai-service", new Definition("ai-service", null, b -> b.strategy("exponential-jitter").maxAttempts(5)
                .baseDelay(Duration.ofSeconds(2)).maxDelay(Duration.ofSeconds(60))
                .retryOn(IOException.class).retryableStatusCodes(AI_STATUS_CODES).respectRetryAfter(true)));
        map.put("database", new Definition("database", null, b -> b.strategy("linear").maxAttempts(3)
                .baseDelay(Duration.ofMillis(500)).maxDelay(Duration.ofSeconds(5))
                .retryOn(SQLTransientException.class, SQLRecoverableException.class)
                .retryableSqlStates(Set.of("40001", "40P01"))));
        map.put("cache", new Definition("cache", null, b -> b.strategy("fixed").maxAttempts(2)
                .baseDelay(Duration.ofMillis(100)).maxDelay(Duration.ofSeconds(1))
                .retryOn(ConnectException.class, SocketTimeoutException.class, TimeoutException.class)));
        map.put("http-api", new Definition("http-api", null, b -> b.strategy("exponential-jitter").maxAttempts(3)
                .baseDelay(Duration.ofMillis(500)).maxDelay(Duration.ofSeconds(30))
                .retryOn(IOException.class).retryableStatusCodes(HTTP_STATUS_CODES).respectRetryAfter(true)));
        map.put("message-queue", new Definition("message-queue", null, b -> b.strategy("exponential-jitter").maxAttempts(5)
                .baseDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofSeconds(30))
                .retryOn(ConnectException.class, SocketTimeoutException.class, TimeoutException.class)));
        map.put("microservice", new Definition("microservice", null, b -> b.strategy("decorrelated-jitter").maxAttempts(3)
                .baseDelay(Duration.ofMillis(200)).maxDelay(Duration.ofSeconds(10))
                .retryOn(IOException.class).retryableStatusCodes(GATEWAY_STATUS_CODES)));
        return new TemplateRegistry(Collections.unmodifiableMap(map), DEFAULT_TEMPLATE);
    }

    /**
     * Adds (or replaces) a user template.
     *
     * @param name      template name
     * @param basedOn   the template it extends; {@code null} = the built-in of the same name if there is one,
     *                  else the default template
     * @param overrides settings it changes, applied to a builder of the base policy
     */
    public TemplateRegistry withTemplate(String name, String basedOn, Consumer<ServicePolicy.Builder> overrides) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(overrides, "overrides");
        Map<String, Definition> copy = new LinkedHashMap<>(definitions);
        Definition builtIn = BUILT_IN_NAMES.contains(name) ? builtIn().definitions.get(name) : null;
        if (basedOn == null && builtIn != null) {
            Consumer<ServicePolicy.Builder> combined = builtIn.overrides.andThen(overrides);
            copy.put(name, new Definition(name, null, combined));
        } else {
            copy.put(name, new Definition(name, basedOn == null ? defaultTemplate : basedOn, overrides));
        }
        return new TemplateRegistry(Collections.unmodifiableMap(copy), defaultTemplate);
    }

    /** Changes an existing template in place (the starter adds Spring's exception types to {@code database}). */
    public TemplateRegistry customize(String name, Consumer<ServicePolicy.Builder> extra) {
        Definition existing = definition(name);
        Map<String, Definition> copy = new LinkedHashMap<>(definitions);
        copy.put(name, new Definition(name, existing.basedOn, existing.overrides.andThen(extra)));
        return new TemplateRegistry(Collections.unmodifiableMap(copy), defaultTemplate);
    }

    /** Uses {@code name} as the default template; it must exist when a policy is resolved. */
    public TemplateRegistry withDefaultTemplate(String name) {
        return new TemplateRegistry(definitions, Objects.requireNonNull(name, "name"));
    }

    /** The default template's name. */
    public String defaultTemplate() {
        return defaultTemplate;
    }

    /** Whether a template of that name exists. */
    public boolean contains(String name) {
        return definitions.containsKey(name);
    }

    /** All template names, built-ins first. */
    public Set<String> names() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(definitions.keySet()));
    }

    /** The policy of a template; throws {@link IllegalArgumentException} for an unknown name or a {@code based-on} cycle. */
    public ServicePolicy resolve(String template) {
        return resolve(template, b -> { });
    }

    /** The policy of a template with a service's own overrides applied last. */
    public ServicePolicy resolve(String template, Consumer<ServicePolicy.Builder> serviceOverrides) {
        List<Definition> chain = chainOf(template);
        ServicePolicy.Builder builder = ServicePolicy.builder();
        for (int i = chain.size() - 1; i >= 0; i--) {
            chain.get(i).overrides.accept(builder);
        }
        builder.template(template);
        serviceOverrides.accept(builder);
        return builder.build();
    }

    /** Resolves every template, so that cycles and unknown {@code based-on} names fail early. */
    public void validate() {
        for (String name : definitions.keySet()) {
            resolve(name);
        }
    }

    private List<Definition> chainOf(String template) {
        List<Definition> chain = new ArrayList<>();
        List<String> path = new ArrayList<>();
        String current = template;
        while (current != null) {
            if (path.contains(current)) {
                path.add(current);
                throw new IllegalArgumentException("template '" + path.get(0) + "' has a based-on cycle: " + String.join(" -> ", path));
            }
            path.add(current);
            Definition definition = definition(current);
            chain.add(definition);
            current = definition.basedOn;
        }
        return chain;
    }

    private Definition definition(String name) {
        Definition definition = definitions.get(name);
        if (definition == null) {
            throw new IllegalArgumentException("'" + name + "' is not a template; use one of " + String.join(", ", definitions.keySet()));
        }
        return definition;
    }

    private static Set<Integer> ordered(Integer... codes) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(codes)));
    }

    private record Definition(String name, String basedOn, Consumer<ServicePolicy.Builder> overrides) {
    }
}
