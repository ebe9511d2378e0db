package dev.retrykit.spring.aop;

import dev.retrykit.core.CallOptions;
import dev.retrykit.core.CheckedFunction;
import dev.retrykit.core.FallbackFunction;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.idempotency.IdempotencyKeys;
import dev.retrykit.core.idempotency.IdempotentCalls;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.aopalliance.aop.Advice;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import java.util.function.Predicate;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.SimpleKeyGenerator;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.ResolvableType;
import org.springframework.expression.Expression;

/**
 * Everything one annotated method needs at call time, resolved once: its service, call options, return kind,
 * parsed SpEL expressions, fallback method and cache, chaos faults. Immutable; {@link #invoke} is thread-safe.
 */
final class InvocationPlan {

    private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();
    private static final Log LOG = LogFactory.getLog(InvocationPlan.class);
    private static final long CACHE_WARNING_INTERVAL_NANOS = 60_000_000_000L;

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
    /** A Flux method's element type: its attempts are collected into arrays of it, so stored results keep it. */
    private final Class<?> fluxElementType;
    /** A blocking method without per-call bindings, key or chaos: a candidate for {@link #PROCEED}. */
    private final boolean direct;
    /** The last proxy's {@link InnerAdvice}; replaced when another proxy calls (a prototype bean, say). */
    private volatile InnerAdvice innerAdvice;
    private final AtomicLong lastCacheWarning = new AtomicLong(System.nanoTime() - CACHE_WARNING_INTERVAL_NANOS);

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
        this.direct = kind == ReturnKind.BLOCKING && !bindsPerCall && idempotencyKey == null && chaos == null;
        this.fluxElementType = kind == ReturnKind.FLUX
                ? ResolvableType.forMethodReturnType(method).getGeneric(0).resolve(Object.class) : null;
    }

    /**
     * Whether advice runs inside retrykit's on this method behind the invocation's proxy; found once per proxy. An
     * advisor added to a proxy after its first guarded call is not seen.
     */
    private boolean hasInnerAdvice(ProxyMethodInvocation invocation, Advice retryAdvice) {
        Object proxy = invocation.getProxy();
        InnerAdvice known = innerAdvice;
        if (known == null || known.proxy != proxy) {
            known = InnerAdvice.of(proxy, retryAdvice, invocation.getMethod(), targetClass);
            innerAdvice = known;
        }
        return known.present;
    }

    /** The guarded service. */
    GuardedService service() {
        return service;
    }

    /** Proceeds the invocation it is given: the attempt of a method without inner advice, allocation-free. */
    private static final CheckedFunction<ProxyMethodInvocation, Object> PROCEED = ProxyMethodInvocation::proceed;

    /**
     * Runs the invocation under the service's policy. A blocking method without per-call bindings, key or chaos,
     * and without advice inside retrykit's ({@link InnerAdvice}), proceeds the invocation itself on every attempt:
     * nothing is allocated per call. Otherwise later attempts proceed a clone taken before the first, so inner advice
     * runs again for each.
     *
     * @param retryAdvice the advice that called this plan, to find it among the proxy's advisors
     */
    Object invoke(ProxyMethodInvocation invocation, Advice retryAdvice) throws Throwable {
        if (direct && !hasInnerAdvice(invocation, retryAdvice)) {
            return service.call(PROCEED, invocation, options);
        }
        Object target = invocation.getThis();
        Object[] args = invocation.getArguments();
        AttemptOperation attempt = new AttemptOperation(invocation,
                options.retries() || service.policy().hedging().enabled(), chaos);
        if (!bindsPerCall && idempotencyKey == null) {
            switch (kind) {
                case COMPLETION_STAGE:
                    return service.callAsync(() -> attempt.getStage(AttemptOperation::asStage), options);
                case MONO:
                    return ReactorAdapter.mono(context -> service.callAsync(
                            () -> attempt.getStage(ReactorAdapter.monoStage(context)), options));
                case FLUX:
                    return ReactorAdapter.flux(context -> service.callAsync(
                            () -> attempt.getStage(ReactorAdapter.fluxStage(fluxElementType, context)), options));
                default:
                    return service.call(attempt, options);
            }
        }
        Object cacheKey = cache == null ? null : SimpleKeyGenerator.generateKey(args);
        String key = idempotencyKey == null ? null : keyOf(target, args);
        switch (kind) {
            case COMPLETION_STAGE:
                return callAsync(attempt, AttemptOperation::asStage, null, target, args, key, cacheKey);
            case MONO:
                return ReactorAdapter.mono(context -> callAsync(attempt, ReactorAdapter.monoStage(context), context,
                        target, args, key, cacheKey));
            case FLUX:
                return ReactorAdapter.flux(context -> callAsync(attempt,
                        ReactorAdapter.fluxStage(fluxElementType, context), context, target, args, key, cacheKey));
            default: {
                CallState state = new CallState();
                CallOptions callOptions = bindings(target, args, cacheKey, state, null);
                // every attempt body (retries, hedges, one abandoned by a timeout) holds the key until it returns
                Object value = key == null ? service.call(attempt, callOptions)
                        : idempotentCalls.execute(service.name(), key,
                                keyed -> service.call(keyed.holdingKey(attempt), callOptions), () -> !state.fallbackServed);
                remember(cacheKey, value, null, state);
                return value;
            }
        }
    }

    /**
     * One asynchronous guarded call with its per-call bindings: under the idempotency key when there is one (every
     * attempt, retries included, runs with the key current and holds it until its stage completes), remembering the
     * operation's value for the stale cache. {@code reactorContext} is the subscriber's Reactor {@code ContextView}
     * for a Mono/Flux method (a reactive fallback is subscribed with it), {@code null} otherwise.
     */
    private CompletableFuture<Object> callAsync(AttemptOperation attempt, Function<Object, CompletionStage<Object>> toStage,
                                                Object reactorContext, Object target, Object[] args, String key,
                                                Object cacheKey) {
        // per call, and per subscription of a Reactor result: a fallback served to one must not mark the next
        CallState state = new CallState();
        CallOptions callOptions = bindings(target, args, cacheKey, state, reactorContext);
        Supplier<CompletionStage<Object>> attempts = key == null
                ? () -> attempt.getStage(toStage)
                : () -> IdempotencyKeys.supplyWith(key, () -> attempt.getStage(toStage));
        CompletableFuture<Object> result = key == null
                ? service.callAsync(attempts, callOptions)
                : idempotentCalls.executeAsync(service.name(), key,
                        keyed -> service.callAsync(keyed.holdingKeyAsync(attempts), callOptions), () -> !state.fallbackServed);
        if (cache != null) {
            result.whenComplete((value, error) -> remember(cacheKey, value, error, state));
        }
        return result;
    }

    private CallOptions bindings(Object target, Object[] args, Object cacheKey, CallState state, Object reactorContext) {
        return bindsPerCall ? options.withCallBindings(fallback(target, args, cacheKey, state, reactorContext),
                resultPredicate(target, args)) : options;
    }

    private String keyOf(Object target, Object[] args) {
        Object key = idempotencyKey.getValue(context(target, args));
        if (key == null || key.toString().isEmpty()) {
            throw new IllegalArgumentException("The idempotencyKey '" + idempotencyKey.getExpressionString() + "' of "
                    + method.getDeclaringClass().getSimpleName() + "." + method.getName() + " evaluated to "
                    + (key == null ? "null" : "an empty string") + "; a keyed call needs a key to stay at-most-once");
        }
        return key.toString();
    }

    /** Stores a value the operation produced (not a fallback's) as the last good value; a cache outage is ignored. */
    private void remember(Object cacheKey, Object value, Throwable error, CallState state) {
        if (cache == null || error != null || state.fallbackServed) {
            return;
        }
        try {
            cache.put(cacheKey, value);
        } catch (RuntimeException cacheFailure) {
            warnCacheFailure("store the last good value in", cacheFailure);
        }
    }

    private FallbackFunction<Object> fallback(Object target, Object[] args, Object cacheKey, CallState state,
                                              Object reactorContext) {
        if (fallbackMethod == null && cache == null) {
            return null;
        }
        return failure -> {
            if (cache != null) {
                Cache.ValueWrapper stale = null;
                try {
                    stale = cache.get(cacheKey);
                } catch (RuntimeException cacheFailure) {
                    warnCacheFailure("read the last good value from", cacheFailure);
                }
                if (stale != null) {
                    state.fallbackServed = true;
                    return stale.get();
                }
            }
            if (fallbackMethod == null) {
                throw failure;
            }
            Object value = fallbackMethod.invoke(target, args, failure);
            state.fallbackServed = true;
            return kind == ReturnKind.MONO || kind == ReturnKind.FLUX
                    ? ReactorAdapter.unwrapFallback(value, reactorContext) : value;
        };
    }

    private void warnCacheFailure(String action, RuntimeException cacheFailure) {
        long now = System.nanoTime();
        long last = lastCacheWarning.get();
        if (now - last >= CACHE_WARNING_INTERVAL_NANOS && lastCacheWarning.compareAndSet(last, now)) {
            LOG.warn("Could not " + action + " cache '" + cache.getName() + "' for service '" + service.name()
                    + "' (the call goes on without it): " + cacheFailure);
        }
    }

    /** What one call's fallback did; read after the call for caching and idempotency. */
    private static final class CallState {
        volatile boolean fallbackServed;
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
