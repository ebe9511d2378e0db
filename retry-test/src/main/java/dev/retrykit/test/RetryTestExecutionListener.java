package dev.retrykit.test;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Resets retrykit before each test method of a context that has {@link RetryTestSupport} (see {@link RetryTest}) and
 * makes it the current one for {@link RetryAssertions}. Registered for every Spring test through
 * {@code META-INF/spring.factories}; contexts without retrykit test support are left alone.
 */
public class RetryTestExecutionListener extends AbstractTestExecutionListener {

    /** Runs after Spring's dependency injection and before transactional set-up. */
    @Override
    public int getOrder() {
        return 3_500;
    }

    @Override
    public void beforeTestMethod(TestContext testContext) {
        RetryTestSupport support = support(testContext);
        if (support != null) {
            support.reset();
            RetryTestSupport.begin(support);
        }
    }

    @Override
    public void afterTestMethod(TestContext testContext) {
        RetryTestSupport.end();
    }

    private static RetryTestSupport support(TestContext testContext) {
        if (!testContext.hasApplicationContext()) {
            return null;
        }
        ApplicationContext context = testContext.getApplicationContext();
        return context.getBeanProvider(RetryTestSupport.class).getIfAvailable();
    }
}
