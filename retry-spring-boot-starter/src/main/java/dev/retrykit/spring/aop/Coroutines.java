package dev.retrykit.spring.aop;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.springframework.core.KotlinDetector;
import org.springframework.core.MethodParameter;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Kotlin coroutine support, without Kotlin on the starter's compile path: decides per method whether it is a
 * {@code suspend fun} or returns a {@code kotlinx.coroutines.flow.Flow}, and converts {@code Flow}s to and from
 * Reactor through Spring's {@link ReactiveAdapterRegistry}.
 * <p>
 * A {@code suspend fun} runs as a Reactor method: Spring AOP invokes the target's suspending function as a
 * {@code Mono} (a {@code Flux} for a {@code Flow} result) at the end of the interceptor chain, and awaits the
 * interceptor's publisher in the caller's coroutine, so its attempts and backoffs suspend instead of blocking, and
 * cancelling the coroutine disposes the subscription, which cancels the guarded call and its attempt in flight.
 */
final class Coroutines {

    static final String FLOW = "kotlinx.coroutines.flow.Flow";
    /** What a suspend or Flow method needs besides Kotlin, for startup's message. */
    static final String DEPENDENCIES = "io.projectreactor:reactor-core and org.jetbrains.kotlinx:kotlinx-coroutines-reactor";

    private static final ClassLoader LOADER = Coroutines.class.getClassLoader();
    private static final boolean REACTOR_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Mono", LOADER)
            && ClassUtils.isPresent("kotlinx.coroutines.reactor.MonoKt", LOADER);
    private static final Class<?> FLOW_CLASS = ClassUtils.isPresent(FLOW, LOADER) ? ClassUtils.resolveClassName(FLOW, LOADER) : null;

    private Coroutines() {
    }

    /** Whether {@code method} is a Kotlin {@code suspend fun} (its last parameter is a {@code Continuation}). */
    static boolean isSuspending(Method method) {
        return KotlinDetector.isKotlinPresent() && KotlinDetector.isSuspendingFunction(method);
    }

    /**
     * Whether {@code method} is the static {@code name$suspendImpl} body that Kotlin generates for an open
     * {@code suspend fun}, carrying its annotations: the proxy intercepts the member function, never this one.
     */
    static boolean isSuspendImpl(Method method) {
        return Modifier.isStatic(method.getModifiers()) && method.getName().endsWith("$suspendImpl")
                && isSuspending(method);
    }

    /** Whether {@code type} is Kotlin's {@code Flow}. */
    static boolean isFlow(Class<?> type) {
        return FLOW.equals(type.getName());
    }

    /** Whether suspend functions and {@code Flow}s can be guarded: Reactor and kotlinx-coroutines-reactor present. */
    static boolean reactorBridgePresent() {
        return REACTOR_PRESENT;
    }

    /**
     * The return type as the caller sees it: a {@code suspend fun}'s Kotlin return type (not {@code Object}),
     * the declared one otherwise.
     */
    static ResolvableType returnType(Method method, Class<?> targetClass) {
        if (isSuspending(method)) {
            return ResolvableType.forMethodParameter(new MethodParameter(method, -1).withContainingClass(targetClass));
        }
        return ResolvableType.forMethodReturnType(method, targetClass);
    }

    /** The parameters the caller passes, without a {@code suspend fun}'s trailing {@code Continuation}. */
    static Class<?>[] parameterTypes(Method method) {
        Class<?>[] types = method.getParameterTypes();
        return isSuspending(method) ? Arrays.copyOf(types, types.length - 1) : types;
    }

    /** {@code args} without a {@code suspend fun}'s trailing {@code Continuation}. */
    static Object[] arguments(Object[] args) {
        return Arrays.copyOf(args, args.length - 1);
    }

    /** A {@code Flow} as a Reactor {@code Flux} (other values are returned as they are). */
    static Object toFlux(Object value) {
        return FLOW_CLASS != null && FLOW_CLASS.isInstance(value) ? flowAdapter().toPublisher(value) : value;
    }

    /** A Reactor {@code Flux} as a {@code Flow}. */
    static Object toFlow(Object publisher) {
        return flowAdapter().fromPublisher((org.reactivestreams.Publisher<?>) publisher);
    }

    private static ReactiveAdapter flowAdapter() {
        ReactiveAdapter adapter = FLOW_CLASS == null ? null : ReactiveAdapterRegistry.getSharedInstance().getAdapter(FLOW_CLASS);
        if (FLOW_CLASS == null || adapter == null) {
            throw new IllegalStateException("A Flow method needs " + DEPENDENCIES + " on the classpath");
        }
        return adapter;
    }
}
