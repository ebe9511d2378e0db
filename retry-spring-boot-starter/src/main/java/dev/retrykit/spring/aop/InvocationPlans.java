package dev.retrykit.spring.aop;

import dev.retrykit.annotation.CircuitGuarded;
import dev.retrykit.annotation.Fallback;
import dev.retrykit.annotation.Priority;
import dev.retrykit.annotation.Retryable;
import dev.retrykit.core.CallOptions;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.idempotency.IdempotentCalls;
import dev.retrykit.spring.autoconfigure.ChaosSettings;
import dev.retrykit.spring.autoconfigure.RetryPolicies;
import dev.retrykit.spring.diagnostics.ConfigurationProblem;
import dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.aop.support.AopUtils;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.core.BridgeMethodResolver;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * Builds and caches an {@link InvocationPlan} per annotated method. Plans are built at startup for every bean
 * (see {@link RetryAnnotationValidator}), so configuration mistakes in annotations fail the start, and calls only
 * look their plan up. Thread-safe.
 */
public final class InvocationPlans {

    private static final SpelExpressionParser PARSER = new SpelExpressionParser();

    private final ServiceRegistry registry;
    private final RetryPolicies policies;
    private final IdempotentCalls idempotentCalls;
    private final CacheManager cacheManager;
    private final Map<Method, InvocationPlan> byMethod = new ConcurrentHashMap<>();
    private final Map<List<Object>, InvocationPlan> byMethodAndTarget = new ConcurrentHashMap<>();
    private final Set<String> servicesInUse = Collections.synchronizedSet(new LinkedHashSet<>());
    /** The per-call lookup: plans by target class, then by the invoked {@link Method} object's identity. */
    private final ClassValue<MethodPlans> byTargetClass = new ClassValue<>() {
        @Override
        protected MethodPlans computeValue(Class<?> type) {
            return new MethodPlans();
        }
    };

    /**
     * @param cacheManager resolves {@code @Fallback(cache = ...)} names; may be {@code null} when no method uses one
     */
    public InvocationPlans(ServiceRegistry registry, RetryPolicies policies, IdempotentCalls idempotentCalls, CacheManager cacheManager) {
        this.registry = registry;
        this.policies = policies;
        this.idempotentCalls = idempotentCalls;
        this.cacheManager = cacheManager;
    }

    /**
     * The plan of {@code method} called on an instance of {@code targetClass}; builds it on first use. A call finds
     * it by the target class and the identity of the proxy's {@code Method} object, without hashing or
     * {@code Method.equals}.
     */
    InvocationPlan planFor(Method method, Class<?> targetClass) {
        MethodPlans known = byTargetClass.get(targetClass);
        InvocationPlan plan = known.find(method);
        if (plan == null) {
            plan = resolve(method, targetClass);
            known.add(method, plan);
        }
        return plan;
    }

    private InvocationPlan resolve(Method method, Class<?> targetClass) {
        InvocationPlan plan = byMethod.get(method);
        if (plan != null && plan.targetClass == targetClass) {
            return plan;
        }
        return byMethodAndTarget.computeIfAbsent(List.of(method, targetClass), key -> {
            List<ConfigurationProblem> problems = new ArrayList<>();
            // an interface or bridge method seen through a JDK proxy: plan the class's own method, as startup did
            Method specific = BridgeMethodResolver.findBridgedMethod(AopUtils.getMostSpecificMethod(method, targetClass));
            InvocationPlan built = build(specific, targetClass, problems);
            if (!problems.isEmpty()) {
                throw new InvalidRetryConfigurationException(problems);
            }
            byMethod.putIfAbsent(method, built);
            return built;
        });
    }

    /**
     * Builds the plans of every annotated method of {@code type}, adding what is wrong to {@code problems}: besides
     * the plan's own problems, a method that the bean's proxy cannot intercept and a method that Spring Framework's
     * {@code @Retryable} guards too.
     *
     * @param beanName the bean's name, for messages
     * @param bean     the bean as the application sees it (its proxy), or {@code null} when it was not created yet
     */
    void validate(Class<?> type, String beanName, Object bean, List<ConfigurationProblem> problems) {
        for (Method method : org.springframework.util.ReflectionUtils.getUniqueDeclaredMethods(type)) {
            Annotation annotation = RetryAnnotationPointcut.AnnotationLookup.find(method, type);
            if (annotation == null || Coroutines.isSuspendImpl(method)) {
                continue;
            }
            List<ConfigurationProblem> found = new ArrayList<>();
            if (!method.isBridge()) {
                InterceptionCheck.check(method, annotation, type, beanName, bean, found);
            }
            InvocationPlan plan = build(method, type, found);
            if (found.isEmpty()) {
                byMethodAndTarget.putIfAbsent(List.of(method, type), plan);
                byMethod.putIfAbsent(method, plan);
                servicesInUse.add(plan.service().name());
            } else {
                problems.addAll(found);
            }
        }
    }

    /** The services that the annotated methods validated so far use, in the order first seen. */
    Set<String> servicesInUse() {
        return Collections.unmodifiableSet(servicesInUse);
    }

    /** The services configured under {@code retry.services}. */
    Set<String> configuredServices() {
        return policies.services().keySet();
    }

    private InvocationPlan build(Method method, Class<?> targetClass, List<ConfigurationProblem> problems) {
        Annotation annotation = RetryAnnotationPointcut.AnnotationLookup.find(method, targetClass);
        String where = "@" + annotation.annotationType().getSimpleName() + " on " + targetClass.getSimpleName() + "." + method.getName();
        boolean retryable = annotation instanceof Retryable;
        String value = retryable ? ((Retryable) annotation).value() : ((CircuitGuarded) annotation).value();
        String serviceAlias = retryable ? ((Retryable) annotation).service() : ((CircuitGuarded) annotation).service();
        String template = retryable ? ((Retryable) annotation).template() : ((CircuitGuarded) annotation).template();
        Priority priority = retryable ? ((Retryable) annotation).priority() : ((CircuitGuarded) annotation).priority();
        String name = value.isEmpty() ? serviceAlias : value;
        if (name.isEmpty()) {
            problems.add(new ConfigurationProblem(where + ".value", "", "names no service", "a service name, e.g. @Retryable(\"payments\")"));
        }
        if (!value.isEmpty() && !serviceAlias.isEmpty() && !value.equals(serviceAlias)) {
            problems.add(new ConfigurationProblem(where + ".service", serviceAlias, "differs from value '" + value + "'",
                    "the same name in value and service, or only one of them"));
        }
        if (!template.isEmpty() && !policies.templates().contains(template)) {
            // reported, and the other attributes are still checked so that one start shows every problem
            problems.add(new ConfigurationProblem(where + ".template", template, "is not a template",
                    "one of: " + String.join(", ", policies.templates().names())));
        }
        CallOptions.Builder options = CallOptions.builder().priority(priority).retries(retryable);
        Expression idempotencyKey = null;
        Expression retryOnResult = null;
        ReturnKind kind = ReturnKind.of(method);
        if ((Coroutines.isSuspending(method) || kind == ReturnKind.FLOW) && !Coroutines.reactorBridgePresent()) {
            problems.add(new ConfigurationProblem(where, method.toGenericString(), "is a Kotlin "
                    + (kind == ReturnKind.FLOW ? "Flow" : "suspend") + " method, but " + Coroutines.DEPENDENCIES
                    + " are not both on the classpath", "add " + Coroutines.DEPENDENCIES + " to the application's dependencies"));
        }
        if (retryable) {
            Retryable r = (Retryable) annotation;
            if (r.maxAttempts() != -1) {
                if (r.maxAttempts() < 1) {
                    problems.add(new ConfigurationProblem(where + ".maxAttempts", String.valueOf(r.maxAttempts()),
                            "is not a positive number of attempts", "1 or more, or -1 for the configured value"));
                } else {
                    options.maxAttempts(r.maxAttempts());
                }
            }
            options.retryOn(List.of(r.retryOn())).noRetryOn(List.of(r.noRetryOn()));
            idempotencyKey = parse(r.idempotencyKey(), method, false, where + ".idempotencyKey", problems);
            retryOnResult = parse(r.retryOnResult(), method, true, where + ".retryOnResult", problems);
        }
        FallbackMethod fallbackMethod = null;
        Cache cache = null;
        Fallback fallback = AnnotatedElementUtils.findMergedAnnotation(method, Fallback.class);
        if (fallback != null) {
            options.fallbackOn(List.of(fallback.on()));
            if (!fallback.method().isEmpty()) {
                fallbackMethod = FallbackMethod.resolve(targetClass, method, fallback.method(), "@Fallback on "
                        + targetClass.getSimpleName() + "." + method.getName(), problems);
            }
            if (!fallback.cache().isEmpty()) {
                cache = cacheManager == null ? null : cacheManager.getCache(fallback.cache());
                if (cache == null) {
                    problems.add(new ConfigurationProblem("@Fallback on " + targetClass.getSimpleName() + "." + method.getName()
                            + ".cache", fallback.cache(), "is not a cache of the application's CacheManager",
                            "a cache name known to the CacheManager bean"));
                }
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        GuardedService service;
        try {
            service = registry.serviceOrRegister(name, () -> policies.policyFor(name, template));
        } catch (InvalidRetryConfigurationException e) {
            problems.addAll(e.problems());
            return null;
        }
        ChaosSettings chaos = policies.chaos().get(name);
        return new InvocationPlan(method, targetClass, service, options.build(), kind, idempotencyKey, idempotentCalls,
                retryOnResult, fallbackMethod, cache, chaos == null ? null : new ChaosInjector(chaos));
    }

    /**
     * Parses an annotation's SpEL expression and checks the variables it names against {@code method}'s parameters.
     *
     * @param overResult whether the expression sees the call's result ({@code retryOnResult}) besides the parameters
     */
    private static Expression parse(String expression, Method method, boolean overResult, String where,
                                    List<ConfigurationProblem> problems) {
        if (expression.isEmpty()) {
            return null;
        }
        try {
            Expression parsed = PARSER.parseExpression(expression);
            ExpressionVariables.check(parsed, method, overResult, where, problems);
            return parsed;
        } catch (ParseException e) {
            problems.add(new ConfigurationProblem(where, expression, "is not a valid SpEL expression (" + e.getMessage() + ")",
                    overResult ? "a boolean SpEL expression over the result and the parameters, e.g. #result == null"
                            : "a SpEL expression over the method parameters, e.g. #order.id or #p0"));
            return null;
        }
    }

    /**
     * The plans of one target class by {@code Method} object, compared by identity: a copy-on-write array of
     * method, plan pairs (a class has few guarded methods). Thread-safe.
     */
    private static final class MethodPlans {

        private volatile Object[] pairs = new Object[0];

        InvocationPlan find(Method method) {
            Object[] current = pairs;
            for (int i = 0; i < current.length; i += 2) {
                if (current[i] == method) {
                    return (InvocationPlan) current[i + 1];
                }
            }
            return null;
        }

        synchronized void add(Method method, InvocationPlan plan) {
            if (find(method) != null) {
                return;
            }
            Object[] next = java.util.Arrays.copyOf(pairs, pairs.length + 2);
            next[next.length - 2] = method;
            next[next.length - 1] = plan;
            pairs = next;
        }
    }
}
