package dev.retrykit.spring.aop;

import dev.retrykit.annotation.Retryable;
import dev.retrykit.spring.diagnostics.ConfigurationProblem;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.StringJoiner;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Checks at startup that the bean's proxy really runs a guarded method through retrykit, instead of an annotation
 * that silently does nothing: no proxy intercepts a private, static or final method; a JDK dynamic proxy intercepts
 * only the methods of the bean's interfaces; a bean created before the auto-proxy creator is not proxied at all.
 * It also refuses a method that Spring Framework's own {@code @Retryable} guards too, since both would retry, one
 * inside the other. Stateless.
 */
final class InterceptionCheck {

    private static final String SPRING_RETRYABLE = "org.springframework.resilience.annotation.Retryable";

    private static final Class<? extends Annotation> SPRING_RETRYABLE_TYPE = springRetryable();

    private InterceptionCheck() {
    }

    /**
     * Adds a problem to {@code problems} when {@code method}, guarded by {@code annotation}, will not run through
     * retrykit, or would run through two retry mechanisms.
     *
     * @param bean the bean as the application sees it (its proxy), or {@code null} when it is not created yet: then
     *             only what the class alone decides is checked
     */
    static void check(Method method, Annotation annotation, Class<?> type, String beanName, Object bean,
                      List<ConfigurationProblem> problems) {
        String where = "@" + annotation.annotationType().getSimpleName() + " on " + type.getSimpleName() + "." + method.getName();
        boolean onMethod = RetryAnnotationPointcut.AnnotationLookup.findOnMethod(method) != null;
        int modifiers = method.getModifiers();
        String unreachable = null;
        if (Modifier.isPrivate(modifiers)) {
            unreachable = "is private";
        } else if (Modifier.isStatic(modifiers)) {
            unreachable = "is static";
        } else if (Modifier.isFinal(modifiers) && !Proxy.isProxyClass(method.getDeclaringClass())
                && (onMethod || RetryAnnotationPointcut.AnnotationLookup.findOnType(method.getDeclaringClass()) != null)) {
            // a type-level annotation reaches inherited public methods too: only the annotated class's own final
            // methods are a mistake of the annotation's author; a JDK proxy's (an HTTP service client's) methods are
            // final by construction and are intercepted through the interface that declares the annotation
            unreachable = "is final";
        } else if (bean != null && !isAdvisedByRetrykit(bean)) {
            problems.add(new ConfigurationProblem(where, describe(method), "belongs to bean '" + beanName
                    + "', which retrykit's advisor did not proxy (was it created before the auto-proxy creator, e.g. as a "
                    + "dependency of a BeanPostProcessor, or registered as a ready-made singleton?)",
                    "a bean created by the application context after its BeanPostProcessors; inject it lazily "
                            + "(@Lazy or ObjectProvider) into infrastructure beans"));
        } else if (bean != null && onMethod && AopUtils.isJdkDynamicProxy(bean) && !onProxiedInterface(method, (Advised) bean)) {
            problems.add(new ConfigurationProblem(where, describe(method), "is not a method of an interface of bean '"
                    + beanName + "', whose JDK dynamic proxy (interfaces " + interfaces((Advised) bean)
                    + ") intercepts only interface methods",
                    "a method declared on one of the bean's interfaces, or class-based proxies for the bean "
                            + "(spring.aop.proxy-target-class=true)"));
        }
        if (unreachable != null) {
            problems.add(new ConfigurationProblem(where, describe(method), unreachable
                    + ", so no Spring proxy can intercept it and the annotation would do nothing",
                    "a public (or protected, package-private) non-static, non-final method called through the bean"));
        }
        if (annotation instanceof Retryable && SPRING_RETRYABLE_TYPE != null
                && (AnnotatedElementUtils.hasAnnotation(method, SPRING_RETRYABLE_TYPE)
                        || AnnotatedElementUtils.hasAnnotation(type, SPRING_RETRYABLE_TYPE))) {
            problems.add(new ConfigurationProblem(where, describe(method), "also carries Spring Framework's @"
                    + SPRING_RETRYABLE + ": both would retry, one inside the other, multiplying the attempts",
                    "one of the two annotations: dev.retrykit.annotation.Retryable (the service's whole policy) "
                            + "or Spring Framework's"));
        }
    }

    private static boolean isAdvisedByRetrykit(Object bean) {
        if (!(bean instanceof Advised advised)) {
            // an opaque proxy does not say what advises it: give it the benefit of the doubt
            return AopUtils.isAopProxy(bean);
        }
        for (Advisor advisor : advised.getAdvisors()) {
            if (advisor.getAdvice() instanceof RetryMethodInterceptor) {
                return true;
            }
        }
        return false;
    }

    private static boolean onProxiedInterface(Method method, Advised proxy) {
        for (Class<?> proxied : proxy.getProxiedInterfaces()) {
            if (ReflectionUtils.findMethod(proxied, method.getName(), method.getParameterTypes()) != null) {
                return true;
            }
        }
        return false;
    }

    private static String interfaces(Advised proxy) {
        StringJoiner names = new StringJoiner(", ");
        for (Class<?> proxied : proxy.getProxiedInterfaces()) {
            names.add(proxied.getSimpleName());
        }
        return names.toString();
    }

    /** The method as declared, e.g. {@code private String charge(String)}. */
    static String describe(Method method) {
        StringJoiner parameters = new StringJoiner(", ", method.getName() + "(", ")");
        for (Class<?> parameter : method.getParameterTypes()) {
            parameters.add(parameter.getSimpleName());
        }
        String modifiers = Modifier.toString(method.getModifiers() & Modifier.methodModifiers());
        return (modifiers.isEmpty() ? "" : modifiers + " ") + method.getReturnType().getSimpleName() + " " + parameters;
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Annotation> springRetryable() {
        ClassLoader loader = InterceptionCheck.class.getClassLoader();
        if (!ClassUtils.isPresent(SPRING_RETRYABLE, loader)) {
            return null;
        }
        return (Class<? extends Annotation>) ClassUtils.resolveClassName(SPRING_RETRYABLE, loader);
    }
}
