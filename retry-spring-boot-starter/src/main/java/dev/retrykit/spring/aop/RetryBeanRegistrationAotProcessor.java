package dev.retrykit.spring.aop;

import dev.retrykit.annotation.Fallback;
import dev.retrykit.annotation.Retryable;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Registers, at build time, what the advice reaches reflectively in a bean with {@code @Retryable} or
 * {@code @CircuitGuarded} methods: the bean's type (its methods are read at startup), the guarded methods and their
 * {@code @Fallback(method = ...)} methods (invoked), and the parameter and return types that SpEL expressions
 * ({@code idempotencyKey}, {@code retryOnResult}) and the idempotency store's JSON codec read.
 */
public final class RetryBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

    @Override
    public BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
        Class<?> type = ClassUtils.getUserClass(registeredBean.getBeanClass());
        if (guardedMethods(type).isEmpty()) {
            return null;
        }
        return (generationContext, code) -> registerHints(generationContext.getRuntimeHints(), type);
    }

    /** Registers the hints of {@code type}'s guarded methods; nothing when it has none. */
    public static void registerHints(RuntimeHints hints, Class<?> type) {
        List<Method> guarded = guardedMethods(type);
        if (guarded.isEmpty()) {
            return;
        }
        hints.reflection().registerType(type);
        BindingReflectionHintsRegistrar binding = new BindingReflectionHintsRegistrar();
        for (Method method : guarded) {
            hints.reflection().registerMethod(method, ExecutableMode.INVOKE);
            Fallback fallback = AnnotatedElementUtils.findMergedAnnotation(method, Fallback.class);
            if (fallback != null && !fallback.method().isEmpty()) {
                for (Method candidate : ReflectionUtils.getUniqueDeclaredMethods(type)) {
                    if (candidate.getName().equals(fallback.method())) {
                        hints.reflection().registerMethod(candidate, ExecutableMode.INVOKE);
                    }
                }
            }
            Annotation annotation = RetryAnnotationPointcut.AnnotationLookup.find(method, type);
            if (annotation instanceof Retryable retryable
                    && (!retryable.idempotencyKey().isEmpty() || !retryable.retryOnResult().isEmpty())) {
                for (Class<?> parameter : method.getParameterTypes()) {
                    binding.registerReflectionHints(hints.reflection(), parameter);
                }
                binding.registerReflectionHints(hints.reflection(), method.getGenericReturnType());
            }
        }
    }

    private static List<Method> guardedMethods(Class<?> type) {
        List<Method> guarded = new ArrayList<>();
        if (type.getName().startsWith("java.")) {
            return guarded;
        }
        for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type)) {
            if (RetryAnnotationPointcut.AnnotationLookup.find(method, type) != null) {
                guarded.add(method);
            }
        }
        return guarded;
    }
}
