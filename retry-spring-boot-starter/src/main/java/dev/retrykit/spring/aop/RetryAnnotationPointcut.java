package dev.retrykit.spring.aop;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Matches methods annotated with {@code @Retryable} or {@code @CircuitGuarded}, and the public methods of types
 * annotated with them. Decided once per method when proxies are built, never per call.
 */
final class RetryAnnotationPointcut extends StaticMethodMatcherPointcut {

    @Override
    public boolean matches(Method method, Class<?> targetClass) {
        Method specific = targetClass == null ? method : AopUtils.getMostSpecificMethod(method, targetClass);
        return AnnotationLookup.find(specific, targetClass == null ? specific.getDeclaringClass() : targetClass) != null;
    }

    /** Finds the guarding annotation of a method: on the method first, else on its type for public methods. */
    static final class AnnotationLookup {

        private AnnotationLookup() {
        }

        static java.lang.annotation.Annotation find(Method method, Class<?> targetClass) {
            if (method.getDeclaringClass() == Object.class) {
                return null;
            }
            java.lang.annotation.Annotation onMethod = findOn(method);
            if (onMethod != null) {
                return onMethod;
            }
            // a type-level annotation guards the bean's public instance methods
            if (!Modifier.isPublic(method.getModifiers()) || Modifier.isStatic(method.getModifiers()) || method.isSynthetic()) {
                return null;
            }
            java.lang.annotation.Annotation onType = findOn(targetClass);
            return onType != null ? onType : findOn(method.getDeclaringClass());
        }

        /** The guarding annotation on the method itself (or what it overrides), ignoring its type. */
        static java.lang.annotation.Annotation findOnMethod(Method method) {
            return findOn(method);
        }

        /** The guarding annotation on a type. */
        static java.lang.annotation.Annotation findOnType(Class<?> type) {
            return findOn(type);
        }

        private static java.lang.annotation.Annotation findOn(java.lang.reflect.AnnotatedElement element) {
            dev.retrykit.annotation.Retryable retryable =
                    AnnotatedElementUtils.findMergedAnnotation(element, dev.retrykit.annotation.Retryable.class);
            if (retryable != null) {
                return retryable;
            }
            return AnnotatedElementUtils.findMergedAnnotation(element, dev.retrykit.annotation.CircuitGuarded.class);
        }
    }
}
