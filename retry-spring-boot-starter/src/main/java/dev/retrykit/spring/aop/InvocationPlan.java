package dev.retrykit.spring.aop;

import dev.retrykit.core.CallOptions;
import dev.retrykit.core.FallbackFunction;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.idempotency.IdempotentCalls;
import java.lang.reflect.Method;
import java.util.function.Predicate;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.SimpleKeyGenerator;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.Expression;

/**
 * Everything one annotated method needs at call time, resolved once: its service, call options, return kind,
 * parsed SpEL expressions, fallback method and cache, chaos faults. Immutable; {@link #invoke} is thread-safe.
 */
final class InvocationPlan {

    private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

    final Method method;
    final Class<?> targetClass;
    private final GuardedService service;
    private final CallOptions options;
    private final ReturnKind kind;
    private final Expression idempotencyKey;
    private final IdempotentCalls idempotentCalls;
    private final Expression retryOnResult;
    private final FallbackMethod fallbackMethod;
    private final Cache cache;
    private final ChaosInjector chaos;
    private final boolean bindsPerCall;

    InvocationPlan(Method method, Class<?> targetClass, GuardedService service, CallOptions options, ReturnKind kind,
                   Expression idempotencyKey, IdempotentCalls idempotentCalls, Expression retryOnResult,
                   FallbackMethod fallbackMethod, Cache cache, ChaosInjector chaos) {
        this.method = method;
        this.targetClass = targetClass;
        this.service = service;
        this.options = options;
        this.kind = kind;
        this.idempotencyKey = idempotencyKey;
        this.idempotentCalls = idempotentCalls;
        this.retryOnResult = retryOnResult;
        this.fallbackMethod = fallbackMethod;
        this.cache = cache;
        this.chaos = chaos;
        this.bindsPerCall = fallbackMethod != null || cache != null || retryOnResult != null;
    }

    /** The guarded service. */
    GuardedService service() {
        return service;
    }

    Object invoke(ProxyMethodInvocation invocation) throws Throwable {
        Object target = invocation.getThis();
        Object[] args = invocation.getArguments();
        Object cacheKey = cache == null ? null : SimpleKeyGenerator.generateKey(args);
        AttemptOperation attempt = new AttemptOperation(invocation, options.retries(), chaos, cache, cacheKey);
        CallOptions callOptions = bindsPerCall
                ? options.withCallBindings(fallback(target, args, cacheKey), resultPredicate(target, args)) : options;
        switch (kind) {
            case COMPLETION_STAGE:
                return service.callAsync(attempt::getStage, callOptions);
            case MONO:
                return ReactorAdapter.mono(service, callOptions, attempt::getUnchecked);
            case FLUX:
                return ReactorAdapter.flux(service, callOptions, attempt::getUnchecked);
            default:
                if (idempotencyKey != null) {
                    Object key = idempotencyKey.getValue(context(target, args));
                    if (key != null && !key.toString().isEmpty()) {
                        return idempotentCalls.execute(service.name(), key.toString(), () -> service.call(attempt, callOptions));
                    }
                }
                return service.call(attempt, callOptions);
        }
    }

    private FallbackFunction<Object> fallback(Object target, Object[] args, Object cacheKey) {
        if (fallbackMethod == null && cache == null) {
            return null;
        }
        return failure -> {
            if (cache != null) {
                Cache.ValueWrapper stale = cache.get(cacheKey);
                if (stale != null) {
                    return stale.get();
                }
            }
            if (fallbackMethod == null) {
                throw failure;
            }
            Object value = fallbackMethod.invoke(target, args, failure);
            return kind == ReturnKind.MONO || kind == ReturnKind.FLUX ? ReactorAdapter.unwrapFallback(value) : value;
        };
    }

    private Predicate<Object> resultPredicate(Object target, Object[] args) {
        if (retryOnResult == null) {
            return null;
        }
        return result -> {
            MethodBasedEvaluationContext context = context(target, args);
            context.setVariable("result", result);
            return Boolean.TRUE.equals(retryOnResult.getValue(context, Boolean.class));
        };
    }

    private MethodBasedEvaluationContext context(Object target, Object[] args) {
        return new MethodBasedEvaluationContext(target, method, args, PARAMETER_NAMES);
    }
}
