package dev.retrykit.spring.aop;

import dev.retrykit.spring.diagnostics.ConfigurationProblem;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
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

    private FallbackMethod(Method method, Class<?> failureType) {
        this.method = method;
        this.failureType = failureType;
        ReflectionUtils.makeAccessible(method);
    }

    /**
     * Finds the fallback named {@code name} for {@code guarded} on {@code targetClass}.
     *
     * @param problems receives a problem when no method fits
     * @return the fallback, or {@code null} when none fits
     */
    static FallbackMethod resolve(Class<?> targetClass, Method guarded, String name, String where, List<ConfigurationProblem> problems) {
        Class<?>[] params = guarded.getParameterTypes();
        List<String> seen = new ArrayList<>();
        for (Method candidate : ReflectionUtils.getUniqueDeclaredMethods(targetClass)) {
            if (!candidate.getName().equals(name)) {
                continue;
            }
            seen.add(candidate.toGenericString());
            Class<?>[] candidateParams = candidate.getParameterTypes();
            Class<?> failureType = null;
            if (candidateParams.length == params.length + 1 && Throwable.class.isAssignableFrom(candidateParams[params.length])) {
                failureType = candidateParams[params.length];
                candidateParams = Arrays.copyOf(candidateParams, params.length);
            }
            if (Arrays.equals(candidateParams, params) && returnFits(guarded, targetClass, candidate)) {
                return new FallbackMethod(candidate, failureType);
            }
        }
        String signature = name + "(" + describe(params) + "[, Throwable]) returning " + guarded.getReturnType().getSimpleName();
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
        Object[] callArgs = args;
        if (failureType != null) {
            if (!failureType.isInstance(failure)) {
                throw failure;
            }
            callArgs = Arrays.copyOf(args, args.length + 1);
            callArgs[args.length] = failure;
        }
        try {
            return method.invoke(target, callArgs);
        } catch (InvocationTargetException e) {
            throw e.getTargetException();
        }
    }
}
