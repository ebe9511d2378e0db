package dev.retrykit.spring.aop;

import dev.retrykit.core.CallOptions;
import dev.retrykit.core.CheckedFunction;
import dev.retrykit.core.FallbackFunction;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.idempotency.IdempotencyKeys;
import dev.retrykit.core.idempotency.IdempotentCalls;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
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
    /** How the plan runs the method: a plain Flow method runs as a Flux (see {@link #flow}). */
    private final ReturnKind kind;
    /** Whether the method returns a Kotlin Flow without suspending: attempts and result are converted to/from Flux. */
    private final boolean flow;
    private final Expression idempotencyKey;
    private final IdempotentCalls idempotentCalls;
    private final Expression retryOnResult;
    private final FallbackMethod fallbackMethod;
    private final Cache cache;
    private final ChaosInjector chaos;
    private final boolean bindsPerCall;
    /** A Flux method's element type: its attempts are collected into arrays of it, so stored results keep it. */
    private final Class<?> fluxElementType;
    /** The bindings of a Mono/Flux method's subscriptions when nothing is bound per call. */
    private final ReactiveCall plainReactiveCall;
    /** The declared type of the value a keyed call stores: a stored duplicate's result is read back as it. */
    private final Type resultType;
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
        this.kind = kind == ReturnKind.FLOW ? ReturnKind.FLUX : kind;
        this.flow = kind == ReturnKind.FLOW;
        this.idempotencyKey = idempotencyKey;
        this.idempotentCalls = idempotentCalls;
        this.retryOnResult = retryOnResult;
        this.fallbackMethod = fallbackMethod;
        this.cache = cache;
        this.chaos = chaos;
        this.bindsPerCall = fallbackMethod != null || cache != null || retryOnResult != null;
        this.direct = this.kind == ReturnKind.BLOCKING && !bindsPerCall && idempotencyKey == null && chaos == null;
        this.fluxElementType = this.kind == ReturnKind.FLUX
                ? Coroutines.returnType(method, method.getDeclaringClass()).getGeneric(0).resolve(Object.class) : null;
        this.plainReactiveCall = ReactiveCall.plain(options);
        this.resultType = resultType(method, targetClass, this.kind, fluxElementType);
    }

    /**
     * The declared (generic) type of the value stored for a keyed call: the return type of a blocking method, the
     * element type of a CompletionStage or Mono, an array of the element type for a Flux (its values are collected
     * into one); {@code Object} where it cannot be resolved.
     */
    private static Type resultType(Method method, Class<?> targetClass, ReturnKind kind, Class<?> fluxElementType) {
        ResolvableType returned = Coroutines.returnType(method, targetClass);
        boolean suspending = Coroutines.isSuspending(method);
        ResolvableType value = switch (kind) {
            case BLOCKING, FLOW -> returned;
            // a declared CompletableFuture<X> or CompletionStage<X> keeps X's generics; a subtype is viewed as one
            case COMPLETION_STAGE -> returned.getGenerics().length == 1 ? returned.getGeneric(0)
                    : returned.as(CompletionStage.class).getGeneric(0);
            // a suspend fun's value is its Kotlin return type itself
            case MONO -> suspending ? returned : returned.getGeneric(0);
            case FLUX -> ResolvableType.forClass(fluxElementType.arrayType());
        };
        if (value.resolve() == null) {
            return Object.class;
        }
        // a type variable bound by the target class (a generic repository) reads back as the class it is bound to
        return value.getType() instanceof java.lang.reflect.TypeVariable<?> ? value.resolve() : value.getType();
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
     * runs again for each. A plain Kotlin {@code Flow} method runs as a {@code Flux} and gets a {@code Flow} back.
     *
     * @param retryAdvice the advice that called this plan, to find it among the proxy's advisors
     */
    Object invoke(ProxyMethodInvocation invocation, Advice retryAdvice) throws Throwable {
        if (direct && !hasInnerAdvice(invocation, retryAdvice)) {
            return service.call(PROCEED, invocation, options);
        }
        return flow ? Coroutines.toFlow(dispatch(invocation)) : dispatch(invocation);
    }

    private Object dispatch(ProxyMethodInvocation invocation) throws Throwable {
        Object target = invocation.getThis();
        Object[] args = invocation.getArguments();
        AttemptOperation attempt = new AttemptOperation(invocation,
                options.retries() || service.policy().hedging().enabled(), chaos);
        if (!bindsPerCall && idempotencyKey == null) {
            switch (kind) {
                case COMPLETION_STAGE:
                    return service.callAsync(() -> attempt.getStage(AttemptOperation::asStage), options);
                case MONO:
                case FLUX:
                    return ReactorAdapter.guarded(service, attempt, fluxElementType, idempotentCalls,
                            context -> plainReactiveCall);
                default:
                    return service.call(attempt, options);
            }
        }
        Object cacheKey = cache == null ? null : SimpleKeyGenerator.generateKey(args);
        String key = idempotencyKey == null ? null : keyOf(target, args);
        switch (kind) {
            case COMPLETION_STAGE:
                return callAsync(attempt, AttemptOperation::asStage, target, args, key, cacheKey);
            case MONO:
            case FLUX:
                return ReactorAdapter.guarded(service, attempt, fluxElementType, idempotentCalls,
                        context -> reactiveCall(context, target, args, key, cacheKey));
            default: {
                CallState state = new CallState();
                CallOptions callOptions = bindings(target, args, cacheKey, state, null);
                // every attempt body (retries, hedges, one abandoned by a timeout) holds the key until it returns
                Object value = key == null ? service.call(attempt, callOptions)
                        : idempotentCalls.execute(service.name(), key, resultType,
                                keyed -> service.call(keyed.holdingKey(attempt), callOptions), () -> !state.fallbackServed);
                remember(cacheKey, value, null, state);
                return value;
            }
        }
    }

    /**
     * One asynchronous guarded call with its per-call bindings: under the idempotency key when there is one (every
     * attempt, retries included, runs with the key current and holds it until its stage completes), remembering the
     * operation's value for the stale cache ({@code CompletionStage} methods; Mono/Flux methods go through
     * {@link ReactorAdapter}).
     */
    private CompletableFuture<Object> callAsync(AttemptOperation attempt, Function<Object, CompletionStage<Object>> toStage,
                                                Object target, Object[] args, String key, Object cacheKey) {
        // per call: a fallback served to one must not mark the next
        CallState state = new CallState();
        CallOptions callOptions = bindings(target, args, cacheKey, state, null);
        Supplier<CompletionStage<Object>> attempts = key == null
                ? () -> attempt.getStage(toStage)
                : () -> IdempotencyKeys.supplyWith(key, () -> attempt.getStage(toStage));
        CompletableFuture<Object> result = key == null
                ? service.callAsync(attempts, callOptions)
                : idempotentCalls.executeAsync(service.name(), key, resultType,
                        keyed -> service.callAsync(keyed.holdingKeyAsync(attempts), callOptions), () -> !state.fallbackServed);
        if (cache != null) {
            result.whenComplete((value, error) -> remember(cacheKey, value, error, state));
        }
        return result;
    }

    /**
     * The bindings of one subscription of a Mono/Flux method's result: per subscription, so a fallback served to one
     * must not mark the next; {@code reactorContext} is the subscriber's Reactor {@code ContextView}.
     */
    private ReactiveCall reactiveCall(Object reactorContext, Object target, Object[] args, String key, Object cacheKey) {
        CallState state = new CallState();
        return new ReactiveCall(bindings(target, args, cacheKey, state, reactorContext), key, resultType,
                () -> !state.fallbackServed, cache == null ? null : value -> remember(cacheKey, value, null, state));
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
                    ? ReactorAdapter.unwrapFallback(Coroutines.toFlux(value), reactorContext) : value;
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
        // Spring's context leaves a Kotlin suspend fun's trailing Continuation out by itself
        return new MethodBasedEvaluationContext(target, method, args, PARAMETER_NAMES);
    }
}
