package dev.retrykit.spring.aop;

import java.lang.reflect.Method;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Runs annotated methods through their service's policy. Finds the method's {@link InvocationPlan} (built at
 * startup) and hands the invocation over; no reflection lookup, no hashing and no expression parsing per call.
 *
 * <p>Self-invocation (a method of the same bean calling an annotated method through {@code this}) bypasses the
 * proxy and therefore the policy, as with every Spring proxy-based annotation.
 */
public final class RetryMethodInterceptor implements MethodInterceptor {

    private final ObjectProvider<InvocationPlans> plansProvider;
    private volatile InvocationPlans plans;

    /** The plans are looked up lazily, so the advisor does not force early creation of the registry. */
    public RetryMethodInterceptor(ObjectProvider<InvocationPlans> plans) {
        this.plansProvider = plans;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        InvocationPlans current = plans;
        if (current == null) {
            current = plansProvider.getObject();
            plans = current;
        }
        Method method = invocation.getMethod();
        Object target = invocation.getThis();
        InvocationPlan plan = current.planFor(method, target == null ? method.getDeclaringClass() : target.getClass());
        return plan.invoke((ProxyMethodInvocation) invocation, this);
    }
}
