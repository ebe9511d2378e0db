package dev.retrykit.spring.aop;

import org.aopalliance.aop.Advice;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;

/**
 * The advisor that puts {@link RetryMethodInterceptor} around annotated methods. Its order ({@code retry.aop.order})
 * places it by default just outside {@code @Transactional} and {@code @Cacheable} (both lowest precedence), so that
 * each attempt runs in its own transaction when the caller holds none.
 */
public final class RetryAdvisor extends AbstractPointcutAdvisor {

    private static final long serialVersionUID = 1L;

    /** Default order: just outside the transaction and cache advisors. */
    public static final int DEFAULT_ORDER = org.springframework.core.Ordered.LOWEST_PRECEDENCE - 100;

    private final transient RetryMethodInterceptor interceptor;
    private final transient Pointcut pointcut = new RetryAnnotationPointcut();

    /** Creates the advisor around {@code interceptor} with the given order. */
    public RetryAdvisor(RetryMethodInterceptor interceptor, int order) {
        this.interceptor = interceptor;
        setOrder(order);
    }

    @Override
    public Pointcut getPointcut() {
        return pointcut;
    }

    @Override
    public Advice getAdvice() {
        return interceptor;
    }
}
