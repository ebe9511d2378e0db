package dev.retrykit.spring.aop;

import dev.retrykit.spring.diagnostics.ConfigurationProblem;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
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
            if (Arrays.equals(candidateParams, params) && returnFits(guarded.getReturnType(), candidate.getReturnType())) {
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

    private static boolean returnFits(Class<?> guarded, Class<?> fallback) {
        if (guarded == void.class) {
            return true;
        }
        if (CompletionStage.class.isAssignableFrom(guarded) || ReturnKind.of(guarded) != ReturnKind.BLOCKING) {
            return fallback != void.class;
        }
        return ClassUtils.isAssignable(guarded, fallback);
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
