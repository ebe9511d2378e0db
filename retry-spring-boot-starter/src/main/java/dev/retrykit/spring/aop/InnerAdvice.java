package dev.retrykit.spring.aop;

import org.aopalliance.aop.Advice;
import org.springframework.aop.Advisor;
import org.springframework.aop.IntroductionAdvisor;
import org.springframework.aop.PointcutAdvisor;
import org.springframework.aop.framework.Advised;
import java.lang.reflect.Method;

/**
 * Whether a proxy runs advice inside retrykit's for a method (advice after retrykit's advisor that applies to the
 * method, such as {@code @Transactional} ordered inside it). Without such advice a retried attempt can proceed the
 * original invocation again — it then calls the target directly — instead of a clone taken before the first attempt.
 * Found once per proxy from its advisors, in the order Spring builds the interceptor chain; a proxy that does not
 * show its advisors, or whose advisors do not include retrykit's, counts as having inner advice. Immutable.
 */
final class InnerAdvice {

    /** The proxy this answer is for (compared by identity). */
    final Object proxy;
    /** Whether advice runs inside retrykit's on the method. */
    final boolean present;

    private InnerAdvice(Object proxy, boolean present) {
        this.proxy = proxy;
        this.present = present;
    }

    /** The answer for {@code method} on {@code targetClass} behind {@code proxy}, advised by {@code retryAdvice}. */
    static InnerAdvice of(Object proxy, Advice retryAdvice, Method method, Class<?> targetClass) {
        return new InnerAdvice(proxy, find(proxy, retryAdvice, method, targetClass));
    }

    private static boolean find(Object proxy, Advice retryAdvice, Method method, Class<?> targetClass) {
        if (!(proxy instanceof Advised advised)) {
            return true;
        }
        Advisor[] advisors = advised.getAdvisors();
        int own = -1;
        for (int i = 0; i < advisors.length && own < 0; i++) {
            if (advisors[i].getAdvice() == retryAdvice) {
                own = i;
            }
        }
        if (own < 0) {
            return true;
        }
        for (int i = own + 1; i < advisors.length; i++) {
            if (applies(advisors[i], method, targetClass)) {
                return true;
            }
        }
        return false;
    }

    /** Whether Spring would put {@code advisor} in the method's chain; dynamic matchers count as applying. */
    private static boolean applies(Advisor advisor, Method method, Class<?> targetClass) {
        if (advisor instanceof PointcutAdvisor pointcutAdvisor) {
            return pointcutAdvisor.getPointcut().getClassFilter().matches(targetClass)
                    && pointcutAdvisor.getPointcut().getMethodMatcher().matches(method, targetClass);
        }
        if (advisor instanceof IntroductionAdvisor introductionAdvisor) {
            return introductionAdvisor.getClassFilter().matches(targetClass);
        }
        return true;
    }
}
