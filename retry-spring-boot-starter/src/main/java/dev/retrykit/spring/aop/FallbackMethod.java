package dev.retrykit.spring.aop;

import dev.retrykit.spring.diagnostics.ConfigurationProblem;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The {@code @Fallback(method = ...)} of a guarded method, found and checked at startup: same parameters, optionally
 * plus a trailing {@link Throwable}, and a return type that fits. Immutable.
 */
final class FallbackMethod {

    private final Method method;
    private final Class<?> failureType;
    /** Whether the guarded method is a Kotlin suspend fun: its last argument is the caller's Continuation. */
    private final boolean guardedSuspending;
    /** Whether the fallback is a Kotlin suspend fun: Spring invokes it as a Mono/Flux in the caller's context. */
    private final boolean suspending;

    private FallbackMethod(Method method, Class<?> failureType, boolean guardedSuspending) {
        this.method = method;
        this.failureType = failureType;
        this.guardedSuspending = guardedSuspending;
        this.suspending = Coroutines.isSuspending(method);
        ReflectionUtils.makeAccessible(method);
    }

    /**
     * Finds the fallback named {@code name} for {@code guarded} on {@code targetClass}.
     *
     * @param problems receives a problem when no method fits
     * @return the fallback, or {@code null} when none fits
     */
    static FallbackMethod resolve(Class<?> targetClass, Method guarded, String name, String where, List<ConfigurationProblem> problems) {
        // a Kotlin suspend fun's trailing Continuation is not a parameter here, and a suspend fallback may serve it
        boolean guardedSuspending = Coroutines.isSuspending(guarded);
        Class<?>[] params = Coroutines.parameterTypes(guarded);
        List<String> seen = new ArrayList<>();
        for (Method candidate : ReflectionUtils.getUniqueDeclaredMethods(targetClass)) {
            if (!candidate.getName().equals(name)) {
                continue;
            }
            seen.add(candidate.toGenericString());
            if (Coroutines.isSuspending(candidate) && !guardedSuspending) {
                continue;
            }
            Class<?>[] candidateParams = Coroutines.parameterTypes(candidate);
            Class<?> failureType = null;
            if (candidateParams.length == params.length + 1 && Throwable.class.isAssignableFrom(candidateParams[params.length])) {
                failureType = candidateParams[params.length];
                candidateParams = Arrays.copyOf(candidateParams, params.length);
            }
            if (Arrays.equals(candidateParams, params) && returnFits(guarded, targetClass, candidate)) {
                return new FallbackMethod(candidate, failureType, guardedSuspending);
            }
        }
        String signature = (guardedSuspending ? "[suspend] " : "") + name + "(" + describe(params) + "[, Throwable]) returning "
                + Coroutines.returnType(guarded, targetClass).toClass().getSimpleName();
        problems.add(new ConfigurationProblem(where + ".method", name,
                seen.isEmpty() ? "is not a method of " + targetClass.getName()
                        : "does not fit the guarded method (found " + String.join(", ", seen) + ")",
                "a method of " + targetClass.getSimpleName() + " declared as " + signature));
        return null;
    }

    /**
     * Whether the fallback's value can stand in for the guarded method's: a blocking method needs an assignable type;
     * a {@code CompletionStage<X>} accepts {@code X} or {@code CompletionStage<X>}, a {@code Mono<X>} accepts
     * {@code X}, {@code Mono<X>} or {@code CompletionStage<X>}, a {@code Flux<X>} accepts {@code Flux<X>} or
     * {@code List<X>} (subtypes of {@code X} included), which is what the invocation plan can turn into the result.
     */
    private static boolean returnFits(Method guarded, Class<?> targetClass, Method fallback) {
        if (Coroutines.isSuspending(guarded)) {
            return suspendReturnFits(guarded, targetClass, fallback);
        }
        Class<?> guardedType = guarded.getReturnType();
        if (guardedType == void.class) {
            return true;
        }
        if (fallback.getReturnType() == void.class) {
            return false;
        }
        ResolvableType guardedReturn = ResolvableType.forMethodReturnType(guarded, targetClass);
        ResolvableType fallbackReturn = ResolvableType.forMethodReturnType(fallback, targetClass);
        switch (ReturnKind.of(guardedType)) {
            case COMPLETION_STAGE: {
                ResolvableType element = elementOf(guardedReturn, CompletionStage.class);
                return fits(element, fallbackReturn) || fitsWrapped(element, fallbackReturn, CompletionStage.class);
            }
            case MONO: {
                ResolvableType element = elementOf(guardedReturn, guardedType);
                return fits(element, fallbackReturn) || fitsWrapped(element, fallbackReturn, guardedType)
                        || fitsWrapped(element, fallbackReturn, CompletionStage.class);
            }
            case FLUX: {
                ResolvableType element = elementOf(guardedReturn, guardedType);
                return fitsWrapped(element, fallbackReturn, guardedType) || fitsWrapped(element, fallbackReturn, List.class);
            }
            default:
                return ClassUtils.isAssignable(guardedType, fallback.getReturnType());
        }
    }

    /**
     * A Kotlin suspend fun's fallback (suspending or not) returns what it returns, by Kotlin return types; a
     * {@code Unit} method accepts any fallback.
     */
    private static boolean suspendReturnFits(Method guarded, Class<?> targetClass, Method fallback) {
        ResolvableType guardedReturn = Coroutines.returnType(guarded, targetClass);
        Class<?> guardedType = guardedReturn.toClass();
        if (guardedType == void.class || "kotlin.Unit".equals(guardedType.getName())) {
            return true;
        }
        ResolvableType fallbackReturn = Coroutines.returnType(fallback, targetClass);
        if (fallbackReturn.toClass() == void.class) {
            return false;
        }
        return fits(guardedReturn, fallbackReturn);
    }

    /** The {@code X} of {@code type} seen as {@code wrapper<X>}; {@code Object} when raw or a wildcard. */
    private static ResolvableType elementOf(ResolvableType type, Class<?> wrapper) {
        ResolvableType element = type.as(wrapper).getGeneric(0);
        return element.resolve() == null ? ResolvableType.forClass(Object.class) : element;
    }

    /** Whether a value of {@code candidate} (a primitive is boxed) can be delivered as an {@code element}. */
    private static boolean fits(ResolvableType element, ResolvableType candidate) {
        Class<?> raw = candidate.resolve();
        if (raw != null && raw.isPrimitive()) {
            return element.isAssignableFrom(ClassUtils.resolvePrimitiveIfNecessary(raw));
        }
        return element.isAssignableFrom(candidate);
    }

    /**
     * Whether {@code candidate} is a {@code wrapper} whose elements can be delivered as {@code element}s; a raw
     * {@code wrapper} is given the benefit of the doubt, as the compiler gives it.
     */
    private static boolean fitsWrapped(ResolvableType element, ResolvableType candidate, Class<?> wrapper) {
        Class<?> raw = candidate.resolve();
        if (raw == null || !wrapper.isAssignableFrom(raw)) {
            return false;
        }
        ResolvableType asWrapper = candidate.as(wrapper);
        return asWrapper.hasUnresolvableGenerics() || fits(element, asWrapper.getGeneric(0));
    }

    private static String describe(Class<?>[] params) {
        StringBuilder text = new StringBuilder();
        for (Class<?> param : params) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(param.getSimpleName());
        }
        return text.toString();
    }

    /** Calls the fallback; a failure it does not accept is rethrown (no fallback). */
    Object invoke(Object target, Object[] args, Throwable failure) throws Throwable {
        Object[] callArgs = guardedSuspending ? Coroutines.arguments(args) : args;
        if (failureType != null) {
            if (!failureType.isInstance(failure)) {
                throw failure;
            }
            callArgs = Arrays.copyOf(callArgs, callArgs.length + 1);
            callArgs[callArgs.length - 1] = failure;
        }
        if (suspending) {
            // the caller's Continuation last: Spring invokes the suspend fun as a Mono/Flux in its coroutine context
            callArgs = Arrays.copyOf(callArgs, callArgs.length + 1);
            callArgs[callArgs.length - 1] = args[args.length - 1];
            return AopUtils.invokeJoinpointUsingReflection(target, method, callArgs);
        }
        try {
            return method.invoke(target, callArgs);
        } catch (InvocationTargetException e) {
            throw e.getTargetException();
        }
    }
}
