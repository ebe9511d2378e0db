package dev.retrykit.spring.autoconfigure;

import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.TemplateRegistry;
import dev.retrykit.core.TimeoutConfig;
import dev.retrykit.core.backoff.BackoffStrategies;
import dev.retrykit.core.breaker.CircuitBreakerConfig;
import dev.retrykit.core.breaker.SlidingWindowType;
import dev.retrykit.core.budget.RetryBudgetConfig;
import dev.retrykit.core.bulkhead.BulkheadConfig;
import dev.retrykit.core.hedge.HedgingConfig;
import dev.retrykit.core.shed.LoadSheddingConfig;
import dev.retrykit.spring.diagnostics.ConfigurationProblem;
import dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Turns {@link RetryProperties} into validated {@link RetryPolicies}: user templates are added to the built-in
 * {@link TemplateRegistry} (extending their {@code based-on}), and every service under {@code retry.services}
 * is resolved from its template with its own keys applied last (built-in &lt; user template &lt; service entry).
 * Only keys the user wrote override the template.
 *
 * <p>Every value is checked before anything is built; all problems are collected and thrown together as one
 * {@link InvalidRetryConfigurationException} naming each property, its value and the allowed values. Stateless
 * apart from its collaborators; thread-safe.
 */
public final class PolicyResolver {

    /** The strategies in documentation order, used to list allowed names readably. */
    private static final List<String> DOCUMENTED_STRATEGIES = List.of("immediate", "fixed", "linear", "linear-jitter",
            "exponential", "exponential-jitter", "decorrelated-jitter", "constant-jitter", "fibonacci", "adaptive");

    private static final String SPRING_TRANSIENT_DATA_ACCESS = "org.springframework.dao.TransientDataAccessException";

    private static final String A_THROWABLE = "the fully qualified name of a java.lang.Throwable on the classpath, e.g. java.io.IOException";

    private final BackoffStrategies strategies;
    private final ClassLoader classLoader;

    /**
     * Creates a resolver.
     *
     * @param strategies  the known backoff strategies (built-ins plus custom factories)
     * @param classLoader loads the exception classes named in the configuration; {@code null} = the default
     */
    public PolicyResolver(BackoffStrategies strategies, ClassLoader classLoader) {
        this.strategies = Objects.requireNonNull(strategies, "strategies");
        this.classLoader = classLoader != null ? classLoader : ClassUtils.getDefaultClassLoader();
    }

    /**
     * Validates the properties and resolves every template and configured service.
     *
     * @throws InvalidRetryConfigurationException with every problem found, when any value is invalid
     */
    public RetryPolicies resolve(RetryProperties properties) {
        return resolve(properties, List.of());
    }

    /**
     * Validates the properties, including that every key written under a service, template or chaos entry in
     * {@code sources} is one the starter knows, and resolves every template and configured service.
     *
     * @param sources where the properties were bound from, e.g. {@code ConfigurationPropertySources.get(environment)}
     * @throws InvalidRetryConfigurationException with every problem found, when any key or value is invalid
     */
    public RetryPolicies resolve(RetryProperties properties, Iterable<ConfigurationPropertySource> sources) {
        Problems problems = new Problems();
        PolicyKeys.unknownKeys(sources).forEach(problems.list::add);
        Set<String> templateNames = new LinkedHashSet<>(TemplateRegistry.BUILT_IN_NAMES);
        templateNames.addAll(properties.getTemplates().keySet());
        String allowedTemplates = "one of: " + String.join(", ", templateNames);

        String defaultTemplate = properties.getDefaultTemplate();
        if (defaultTemplate == null || !templateNames.contains(defaultTemplate)) {
            problems.add("retry.default-template", defaultTemplate, "is not a template", allowedTemplates);
        }
        checkGlobal(properties.getGlobal(), problems);
        StoreType storeType = checkStore(properties.getStore(), problems);
        Map<String, ChaosSettings> chaos = checkChaos(properties.getChaos(), problems);
        checkDashboardAndIdempotency(properties, problems);

        Map<String, Entry> templates = new LinkedHashMap<>();
        properties.getTemplates().forEach((name, template) -> {
            String prefix = "retry.templates." + name;
            if (template.getBasedOn() != null && !templateNames.contains(template.getBasedOn())) {
                problems.add(prefix + ".based-on", template.getBasedOn(), "is not a template", allowedTemplates);
            }
            templates.put(name, checkPolicy(prefix, template, problems));
        });
        checkCycles(properties.getTemplates(), problems);

        Map<String, Entry> services = new LinkedHashMap<>();
        properties.getServices().forEach((name, service) -> {
            String prefix = "retry.services." + name;
            boolean knownTemplate = service.getTemplate() == null || templateNames.contains(service.getTemplate());
            if (!knownTemplate) {
                problems.add(prefix + ".template", service.getTemplate(), "is not a template", allowedTemplates);
            }
            Entry entry = checkPolicy(prefix, service, problems);
            if (knownTemplate) {
                // an entry without a template has nothing to be checked against or resolved from
                services.put(name, entry);
            }
        });
        // Building never fails: a template that cannot resolve (unknown based-on, cycle, bad value) was reported
        // above, and the merged checks below skip entries whose template cannot resolve.
        TemplateRegistry registry = buildRegistry(properties, templates);
        templates.forEach((name, entry) -> checkMerged(entry, parentOf(registry, name, properties.getTemplates().get(name)), problems));
        services.forEach((name, entry) -> checkMerged(entry, policyOrNull(registry, templateOf(properties, name)), problems));
        problems.throwIfAny();

        Map<String, ServicePolicy> resolved = new LinkedHashMap<>();
        templates.forEach((name, entry) -> build("retry.templates." + name, () -> registry.resolve(name), problems));
        services.forEach((name, entry) -> {
            ServicePolicy policy = build(entry.prefix, () -> registry.resolve(templateOf(properties, name), entry.overrides()), problems);
            if (policy != null) {
                resolved.put(name, policy);
            }
        });
        problems.throwIfAny();

        RetryProperties.GlobalBudget budget = properties.getGlobal().getBudget();
        RetryBudgetConfig globalBudget = new RetryBudgetConfig(budget.isEnabled(), budget.getRatio(), budget.getMinRetriesPerSecond(),
                budget.getMaxRetriesPerMinute(), budget.getMaxRetriesPerHour(), budget.getBurstCapacity());
        return new RetryPolicies(registry, resolved, globalBudget, properties.getGlobal().getMaxConcurrentRetries(), storeType, chaos);
    }

    private static String templateOf(RetryProperties properties, String service) {
        String template = properties.getServices().get(service).getTemplate();
        return template != null ? template : properties.getDefaultTemplate();
    }

    private TemplateRegistry buildRegistry(RetryProperties properties, Map<String, Entry> templates) {
        TemplateRegistry registry = TemplateRegistry.builtIn();
        for (Map.Entry<String, Entry> template : templates.entrySet()) {
            String name = template.getKey();
            registry = registry.withTemplate(name, explicitParent(name, properties.getTemplates().get(name)), template.getValue().overrides());
        }
        Entry database = templates.get("database");
        if (ClassUtils.isPresent(SPRING_TRANSIENT_DATA_ACCESS, classLoader) && (database == null || database.retryable == null)) {
            Class<? extends Throwable> transientDataAccess = loadThrowable(SPRING_TRANSIENT_DATA_ACCESS);
            registry = registry.customize("database", b -> b.retryOn(List.of(transientDataAccess)));
        }
        return registry.withDefaultTemplate(properties.getDefaultTemplate());
    }

    /** The based-on passed to the registry: {@code null} lets a template named like a built-in extend it. */
    private static String explicitParent(String name, RetryProperties.Template template) {
        if (template.getBasedOn() != null) {
            return template.getBasedOn();
        }
        return TemplateRegistry.BUILT_IN_NAMES.contains(name) ? null : TemplateRegistry.DEFAULT_TEMPLATE;
    }

    /** The template a user template extends, for cycle detection; {@code null} at a built-in root. */
    private static String parentName(String name, RetryProperties.Template template) {
        return template.getBasedOn() != null ? template.getBasedOn()
                : TemplateRegistry.BUILT_IN_NAMES.contains(name) ? null : TemplateRegistry.DEFAULT_TEMPLATE;
    }

    private static ServicePolicy parentOf(TemplateRegistry registry, String name, RetryProperties.Template template) {
        String parent = parentName(name, template);
        return parent == null ? TemplateRegistry.builtIn().resolve(name) : policyOrNull(registry, parent);
    }

    /** The policy, or {@code null} when it cannot be built because of a problem already reported elsewhere. */
    private static ServicePolicy policyOrNull(TemplateRegistry registry, String template) {
        try {
            return registry.resolve(template);
        } catch (IllegalArgumentException alreadyReported) {
            return null;
        }
    }

    private static ServicePolicy build(String prefix, Supplier<ServicePolicy> resolution, Problems problems) {
        try {
            return resolution.get();
        } catch (IllegalArgumentException e) {
            // A combination no single-key check caught: report it rather than fail with a bare stack trace.
            problems.add(prefix, "", "cannot be resolved: " + e.getMessage(), "settings that fit together");
            return null;
        }
    }

    private static void checkCycles(Map<String, RetryProperties.Template> templates, Problems problems) {
        Set<String> inReportedCycle = new LinkedHashSet<>();
        for (String start : templates.keySet()) {
            List<String> path = new ArrayList<>();
            String current = start;
            while (current != null && templates.containsKey(current) && !path.contains(current)) {
                path.add(current);
                current = parentName(current, templates.get(current));
            }
            if (current == null || !path.contains(current)) {
                continue;
            }
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
            if (!inReportedCycle.addAll(cycle) || !cycle.contains(start)) {
                continue;
            }
            cycle.add(current);
            String reported = cycle.stream().filter(name -> templates.get(name).getBasedOn() != null).findFirst().orElse(cycle.get(0));
            problems.add("retry.templates." + reported + ".based-on", String.valueOf(templates.get(reported).getBasedOn()),
                    "forms a based-on cycle (" + String.join(" -> ", cycle) + ")",
                    "a based-on chain that ends at a built-in template: " + String.join(", ", TemplateRegistry.BUILT_IN_NAMES));
        }
    }

    private void checkGlobal(RetryProperties.Global global, Problems problems) {
        problems.atLeast("retry.global.max-concurrent-retries", global.getMaxConcurrentRetries(), 1);
        RetryProperties.GlobalBudget budget = global.getBudget();
        problems.fraction("retry.global.budget.ratio", budget.getRatio());
        problems.notNegative("retry.global.budget.min-retries-per-second", budget.getMinRetriesPerSecond());
        problems.atLeast("retry.global.budget.max-retries-per-minute", budget.getMaxRetriesPerMinute(), 0);
        problems.atLeast("retry.global.budget.max-retries-per-hour", budget.getMaxRetriesPerHour(), 0);
        problems.atLeast("retry.global.budget.burst-capacity", budget.getBurstCapacity(), 1);
    }

    private static StoreType checkStore(RetryProperties.Store store, Problems problems) {
        StoreType type = null;
        for (StoreType candidate : StoreType.values()) {
            if (candidate.configName().equalsIgnoreCase(String.valueOf(store.getType()).trim())) {
                type = candidate;
            }
        }
        if (type == null) {
            problems.add("retry.store.type", store.getType(), "is not a store type", "one of: memory, redis");
        }
        if (store.getRedis().getKeyPrefix() == null || store.getRedis().getKeyPrefix().isBlank()) {
            problems.add("retry.store.redis.key-prefix", store.getRedis().getKeyPrefix(), "is empty", "a non-empty prefix, e.g. retrykit");
        }
        problems.positive("retry.store.redis.sync-interval", store.getRedis().getSyncInterval());
        return type != null ? type : StoreType.MEMORY;
    }

    private Map<String, ChaosSettings> checkChaos(RetryProperties.Chaos chaos, Problems problems) {
        Map<String, ChaosSettings> settings = new LinkedHashMap<>();
        chaos.getServices().forEach((name, service) -> {
            String prefix = "retry.chaos.services." + name;
            boolean valid = problems.fraction(prefix + ".failure-rate", service.getFailureRate())
                    & problems.notNegative(prefix + ".latency", service.getLatency());
            Class<? extends Throwable> exception = exceptionClass(prefix + ".exception", service.getException(), problems);
            if (valid && exception != null && chaos.isEnabled()) {
                settings.put(name, new ChaosSettings(service.getFailureRate(), service.getLatency(), exception));
            }
        });
        return settings;
    }

    private static void checkDashboardAndIdempotency(RetryProperties properties, Problems problems) {
        String path = properties.getDashboard().getPath();
        if (path == null || !path.startsWith("/")) {
            problems.add("retry.dashboard.path", path, "does not start with '/'", "a path starting with '/', e.g. /retry-dashboard");
        }
        problems.positive("retry.idempotency.ttl", properties.getIdempotency().getTtl());
        problems.positive("retry.idempotency.in-flight-lease", properties.getIdempotency().getInFlightLease());
    }

    /** Checks every key an entry wrote on its own and captures the keys as builder overrides. */
    private Entry checkPolicy(String prefix, RetryProperties.Policy policy, Problems problems) {
        if (policy.getMaxAttempts() != null) {
            problems.atLeast(prefix + ".max-attempts", policy.getMaxAttempts(), 1);
        }
        if (policy.getStrategy() != null && !strategies.isKnown(policy.getStrategy())) {
            problems.add(prefix + ".strategy", policy.getStrategy(), "is not a strategy", "one of: " + String.join(", ", strategyNames()));
        }
        problems.notNegative(prefix + ".base-delay", policy.getBaseDelay());
        problems.notNegative(prefix + ".max-delay", policy.getMaxDelay());
        if (policy.getMultiplier() != null && !(policy.getMultiplier() >= 1 && policy.getMultiplier() < Double.POSITIVE_INFINITY)) {
            problems.add(prefix + ".multiplier", format(policy.getMultiplier()), "is below 1", "a number of at least 1, e.g. 2.0");
        }
        if (policy.getJitter() != null) {
            problems.fraction(prefix + ".jitter", policy.getJitter());
        }
        List<Class<? extends Throwable>> retryable = exceptionClasses(prefix + ".retryable-exceptions", policy.getRetryableExceptions(), problems);
        List<Class<? extends Throwable>> nonRetryable =
                exceptionClasses(prefix + ".non-retryable-exceptions", policy.getNonRetryableExceptions(), problems);
        if (policy.getRetryableStatusCodes() != null) {
            List<Integer> codes = policy.getRetryableStatusCodes();
            for (int i = 0; i < codes.size(); i++) {
                Integer code = codes.get(i);
                if (code == null || code < 100 || code > 599) {
                    problems.add(prefix + ".retryable-status-codes[" + i + "]", String.valueOf(code), "is not an HTTP status code",
                            "an integer from 100 to 599, e.g. 503");
                }
            }
        }
        RetryProperties.Timeout timeout = policy.getTimeout();
        if (timeout != null) {
            problems.notNegative(prefix + ".timeout.per-attempt", timeout.getPerAttempt());
            problems.notNegative(prefix + ".timeout.total", timeout.getTotal());
        }
        checkCircuitBreaker(prefix + ".circuit-breaker", policy.getCircuitBreaker(), problems);
        RetryProperties.Budget budget = policy.getBudget();
        if (budget != null) {
            String p = prefix + ".budget";
            if (budget.getRatio() != null) {
                problems.fraction(p + ".ratio", budget.getRatio());
            }
            problems.notNegative(p + ".min-retries-per-second", budget.getMinRetriesPerSecond());
            problems.atLeast(p + ".max-retries-per-minute", budget.getMaxRetriesPerMinute(), 0);
            problems.atLeast(p + ".max-retries-per-hour", budget.getMaxRetriesPerHour(), 0);
            problems.atLeast(p + ".burst-capacity", budget.getBurstCapacity(), 1);
        }
        RetryProperties.Bulkhead bulkhead = policy.getBulkhead();
        if (bulkhead != null) {
            problems.atLeast(prefix + ".bulkhead.max-concurrent-calls", bulkhead.getMaxConcurrentCalls(), 1);
            problems.notNegative(prefix + ".bulkhead.max-wait", bulkhead.getMaxWait());
        }
        RetryProperties.LoadShedding loadShedding = policy.getLoadShedding();
        if (loadShedding != null && loadShedding.getCpuThreshold() != null) {
            problems.fraction(prefix + ".load-shedding.cpu-threshold", loadShedding.getCpuThreshold());
        }
        RetryProperties.Hedging hedging = policy.getHedging();
        if (hedging != null) {
            problems.notNegative(prefix + ".hedging.delay", hedging.getDelay());
            problems.atLeast(prefix + ".hedging.max-hedges", hedging.getMaxHedges(), 0);
        }
        return new Entry(prefix, policy, retryable, nonRetryable);
    }

    private static void checkCircuitBreaker(String prefix, RetryProperties.CircuitBreaker breaker, Problems problems) {
        if (breaker == null) {
            return;
        }
        if (breaker.getSlidingWindowType() != null && slidingWindowType(breaker.getSlidingWindowType()) == null) {
            problems.add(prefix + ".sliding-window-type", breaker.getSlidingWindowType(), "is not a sliding window type", "one of: count, time");
        }
        problems.atLeast(prefix + ".sliding-window-size", breaker.getSlidingWindowSize(), 1);
        problems.atLeast(prefix + ".minimum-calls", breaker.getMinimumCalls(), 1);
        problems.percentage(prefix + ".failure-rate-threshold", breaker.getFailureRateThreshold());
        problems.notNegative(prefix + ".slow-call-duration", breaker.getSlowCallDuration());
        problems.percentage(prefix + ".slow-call-rate-threshold", breaker.getSlowCallRateThreshold());
        problems.notNegative(prefix + ".wait-in-open", breaker.getWaitInOpen());
        problems.notNegative(prefix + ".max-wait-in-open", breaker.getMaxWaitInOpen());
        problems.atLeast(prefix + ".half-open-calls", breaker.getHalfOpenCalls(), 1);
        if (breaker.getMaxTimeInHalfOpen() != null) {
            problems.positive(prefix + ".max-time-in-half-open", breaker.getMaxTimeInHalfOpen());
        }
    }

    /** Checks the rules that hold between an entry's keys and the values it inherits from its template. */
    private static void checkMerged(Entry entry, ServicePolicy parent, Problems problems) {
        if (parent == null) {
            return;
        }
        RetryProperties.Policy policy = entry.policy;
        Duration base = orElse(policy.getBaseDelay(), parent.backoff().baseDelay());
        Duration max = orElse(policy.getMaxDelay(), parent.backoff().maxDelay());
        if (!base.isNegative() && !max.isNegative() && base.compareTo(max) > 0) {
            if (policy.getBaseDelay() != null) {
                problems.add(entry.prefix + ".base-delay", format(base), "is greater than max-delay (" + format(max) + ")",
                        "a duration not above max-delay " + format(max));
            } else {
                problems.add(entry.prefix + ".max-delay", format(max), "is less than base-delay (" + format(base) + ")",
                        "a duration not below base-delay " + format(base));
            }
        }
        RetryProperties.CircuitBreaker breaker = policy.getCircuitBreaker();
        if (breaker != null) {
            Duration wait = orElse(breaker.getWaitInOpen(), parent.circuitBreaker().waitInOpen());
            Duration maxWait = orElse(breaker.getMaxWaitInOpen(), parent.circuitBreaker().maxWaitInOpen());
            if (!wait.isNegative() && !maxWait.isNegative() && wait.compareTo(maxWait) > 0) {
                String p = entry.prefix + ".circuit-breaker";
                if (breaker.getMaxWaitInOpen() != null) {
                    problems.add(p + ".max-wait-in-open", format(maxWait), "is less than wait-in-open (" + format(wait) + ")",
                            "a duration not below wait-in-open " + format(wait));
                } else {
                    problems.add(p + ".wait-in-open", format(wait), "is greater than max-wait-in-open (" + format(maxWait) + ")",
                            "a duration not above max-wait-in-open " + format(maxWait));
                }
            }
        }
        RetryProperties.Hedging hedging = policy.getHedging();
        if (hedging != null) {
            boolean enabled = orElse(hedging.getEnabled(), parent.hedging().enabled());
            int maxHedges = orElse(hedging.getMaxHedges(), parent.hedging().maxHedges());
            if (enabled && maxHedges == 0) {
                problems.add(entry.prefix + ".hedging.max-hedges", String.valueOf(maxHedges), "is below 1 while hedging is enabled",
                        "an integer of at least 1 when hedging.enabled is true");
            }
        }
    }

    private List<String> strategyNames() {
        List<String> names = new ArrayList<>();
        Set<String> known = strategies.names();
        for (String name : DOCUMENTED_STRATEGIES) {
            if (known.contains(name)) {
                names.add(name);
            }
        }
        for (String name : new TreeSet<>(known)) {
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private List<Class<? extends Throwable>> exceptionClasses(String property, List<String> names, Problems problems) {
        if (names == null) {
            return null;
        }
        List<Class<? extends Throwable>> classes = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Class<? extends Throwable> type = exceptionClass(property + "[" + i + "]", names.get(i), problems);
            if (type != null) {
                classes.add(type);
            }
        }
        return classes;
    }

    private Class<? extends Throwable> exceptionClass(String property, String name, Problems problems) {
        String className = name == null ? "" : name.trim();
        Class<?> type;
        try {
            type = ClassUtils.forName(className, classLoader);
        } catch (ClassNotFoundException | LinkageError | IllegalArgumentException e) {
            problems.add(property, className, "is not a class on the classpath", A_THROWABLE);
            return null;
        }
        if (!Throwable.class.isAssignableFrom(type)) {
            problems.add(property, className, "is not a Throwable", A_THROWABLE);
            return null;
        }
        return type.asSubclass(Throwable.class);
    }

    private Class<? extends Throwable> loadThrowable(String className) {
        return ClassUtils.resolveClassName(className, classLoader).asSubclass(Throwable.class);
    }

    private static SlidingWindowType slidingWindowType(String name) {
        for (SlidingWindowType type : SlidingWindowType.values()) {
            if (type.configName().equalsIgnoreCase(name.trim())) {
                return type;
            }
        }
        return null;
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** Formats a duration the way it is written in {@code application.yml}, e.g. {@code 500ms} or {@code 2s}. */
    static String format(Duration duration) {
        if (duration == null) {
            return "";
        }
        long[] unitNanos = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L, 1L};
        String[] suffixes = {"d", "h", "m", "s", "ms", "us", "ns"};
        long nanos;
        try {
            nanos = duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return duration.toString();
        }
        if (nanos == 0) {
            return "0ms";
        }
        for (int i = 0; i < unitNanos.length; i++) {
            if (nanos % unitNanos[i] == 0) {
                return (nanos / unitNanos[i]) + suffixes[i];
            }
        }
        return duration.toString();
    }

    static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** One template or service entry: its path, its settings and its resolved exception classes. */
    private static final class Entry {
        private final String prefix;
        private final RetryProperties.Policy policy;
        private final List<Class<? extends Throwable>> retryable;
        private final List<Class<? extends Throwable>> nonRetryable;

        private Entry(String prefix, RetryProperties.Policy policy, List<Class<? extends Throwable>> retryable,
                      List<Class<? extends Throwable>> nonRetryable) {
            this.prefix = prefix;
            this.policy = policy;
            this.retryable = retryable;
            this.nonRetryable = nonRetryable;
        }

        /** The keys the user wrote, as changes to a builder that already holds the template's values. */
        Consumer<ServicePolicy.Builder> overrides() {
            RetryProperties.Policy p = policy;
            return b -> {
                if (p.getMaxAttempts() != null) {
                    b.maxAttempts(p.getMaxAttempts());
                }
                if (p.getStrategy() != null) {
                    b.strategy(p.getStrategy());
                }
                if (p.getBaseDelay() != null) {
                    b.baseDelay(p.getBaseDelay());
                }
                if (p.getMaxDelay() != null) {
                    b.maxDelay(p.getMaxDelay());
                }
                if (p.getMultiplier() != null) {
                    b.multiplier(p.getMultiplier());
                }
                if (p.getJitter() != null) {
                    b.jitter(p.getJitter());
                }
                if (retryable != null) {
                    b.retryableExceptions(retryable);
                }
                if (nonRetryable != null) {
                    b.nonRetryableExceptions(nonRetryable);
                }
                if (p.getRetryableStatusCodes() != null) {
                    b.retryableStatusCodes(new LinkedHashSet<>(p.getRetryableStatusCodes()));
                }
                if (p.getRespectRetryAfter() != null) {
                    b.respectRetryAfter(p.getRespectRetryAfter());
                }
                applyTimeout(b, p.getTimeout());
                applyCircuitBreaker(b, p.getCircuitBreaker());
                applyBudget(b, p.getBudget());
                applyBulkhead(b, p.getBulkhead());
                applyLoadShedding(b, p.getLoadShedding());
                applyHedging(b, p.getHedging());
            };
        }

        private static void applyTimeout(ServicePolicy.Builder b, RetryProperties.Timeout t) {
            if (t == null) {
                return;
            }
            TimeoutConfig current = b.timeout();
            // Zero means "no limit", so a service can drop a timeout its template sets.
            Duration perAttempt = t.getPerAttempt() == null ? current.perAttempt() : zeroToNull(t.getPerAttempt());
            Duration total = t.getTotal() == null ? current.total() : zeroToNull(t.getTotal());
            b.timeout(new TimeoutConfig(perAttempt, total, orElse(t.getAdaptive(), current.adaptive())));
        }

        private static Duration zeroToNull(Duration duration) {
            return duration.isZero() ? null : duration;
        }

        private static void applyCircuitBreaker(ServicePolicy.Builder b, RetryProperties.CircuitBreaker c) {
            if (c == null) {
                return;
            }
            CircuitBreakerConfig current = b.circuitBreaker();
            CircuitBreakerConfig.Builder builder = current.toBuilder();
            if (c.getEnabled() != null) {
                builder.enabled(c.getEnabled());
            }
            if (c.getSlidingWindowType() != null) {
                builder.slidingWindowType(slidingWindowType(c.getSlidingWindowType()));
            }
            if (c.getSlidingWindowSize() != null) {
                builder.slidingWindowSize(c.getSlidingWindowSize());
            }
            if (c.getMinimumCalls() != null) {
                builder.minimumCalls(c.getMinimumCalls());
            }
            if (c.getFailureRateThreshold() != null) {
                builder.failureRateThreshold(c.getFailureRateThreshold());
            }
            if (c.getSlowCallDuration() != null) {
                builder.slowCallDuration(c.getSlowCallDuration());
            }
            if (c.getSlowCallRateThreshold() != null) {
                builder.slowCallRateThreshold(c.getSlowCallRateThreshold());
            }
            if (c.getWaitInOpen() != null) {
                builder.waitInOpen(c.getWaitInOpen());
            }
            if (c.getMaxWaitInOpen() != null) {
                builder.maxWaitInOpen(c.getMaxWaitInOpen());
            }
            if (c.getHalfOpenCalls() != null) {
                builder.halfOpenCalls(c.getHalfOpenCalls());
            }
            if (c.getMaxTimeInHalfOpen() != null) {
                builder.maxTimeInHalfOpen(c.getMaxTimeInHalfOpen());
            }
            b.circuitBreaker(builder.build());
        }

        private static void applyBudget(ServicePolicy.Builder b, RetryProperties.Budget u) {
            if (u == null) {
                return;
            }
            RetryBudgetConfig current = b.budget();
            b.budget(new RetryBudgetConfig(orElse(u.getEnabled(), current.enabled()), orElse(u.getRatio(), current.ratio()),
                    orElse(u.getMinRetriesPerSecond(), current.minRetriesPerSecond()),
                    orElse(u.getMaxRetriesPerMinute(), current.maxRetriesPerMinute()),
                    orElse(u.getMaxRetriesPerHour(), current.maxRetriesPerHour()),
                    orElse(u.getBurstCapacity(), current.burstCapacity())));
        }

        private static void applyBulkhead(ServicePolicy.Builder b, RetryProperties.Bulkhead u) {
            if (u == null) {
                return;
            }
            BulkheadConfig current = b.bulkhead();
            b.bulkhead(new BulkheadConfig(orElse(u.getMaxConcurrentCalls(), current.maxConcurrentCalls()),
                    orElse(u.getMaxWait(), current.maxWait())));
        }

        private static void applyLoadShedding(ServicePolicy.Builder b, RetryProperties.LoadShedding u) {
            if (u == null) {
                return;
            }
            LoadSheddingConfig current = b.loadShedding();
            b.loadShedding(new LoadSheddingConfig(orElse(u.getEnabled(), current.enabled()),
                    orElse(u.getCpuThreshold(), current.cpuThreshold()),
                    orElse(u.getAdaptiveConcurrency(), current.adaptiveConcurrency())));
        }

        private static void applyHedging(ServicePolicy.Builder b, RetryProperties.Hedging u) {
            if (u == null) {
                return;
            }
            HedgingConfig current = b.hedging();
            b.hedging(new HedgingConfig(orElse(u.getEnabled(), current.enabled()), orElse(u.getDelay(), current.delay()),
                    orElse(u.getMaxHedges(), current.maxHedges())));
        }
    }

    /** Collects problems in the order found. */
    private static final class Problems {
        private final List<ConfigurationProblem> list = new ArrayList<>();

        void add(String property, String value, String reason, String allowed) {
            list.add(new ConfigurationProblem(property, value == null ? "" : value, reason, allowed));
        }

        void throwIfAny() {
            if (!list.isEmpty()) {
                throw new InvalidRetryConfigurationException(list);
            }
        }

        boolean atLeast(String property, Integer value, int min) {
            if (value != null && value < min) {
                add(property, String.valueOf(value), "is below " + min, "an integer of at least " + min);
                return false;
            }
            return true;
        }

        boolean fraction(String property, double value) {
            if (!(value >= 0 && value <= 1)) {
                add(property, format(value), "is outside 0..1", "a fraction from 0 to 1, e.g. 0.2");
                return false;
            }
            return true;
        }

        boolean percentage(String property, Double value) {
            if (value != null && !(value >= 0 && value <= 100)) {
                add(property, format(value), "is not a percentage", "a percentage from 0 to 100, e.g. 50");
                return false;
            }
            return true;
        }

        boolean notNegative(String property, Double value) {
            if (value != null && !(value >= 0 && value < Double.POSITIVE_INFINITY)) {
                add(property, format(value), "is negative", "a number of at least 0");
                return false;
            }
            return true;
        }

        boolean notNegative(String property, Duration value) {
            if (value != null && value.isNegative()) {
                add(property, format(value), "is a negative duration", "a duration of at least 0, e.g. 500ms or 2s");
                return false;
            }
            return true;
        }

        void positive(String property, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                add(property, format(value), "is not a positive duration", "a duration above 0, e.g. 500ms or 2s");
            }
        }
    }
}
