package dev.retrykit.spring.aop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.annotation.Retryable;
import dev.retrykit.spring.autoconfigure.RetryAopAutoConfiguration;
import dev.retrykit.spring.autoconfigure.RetryAutoConfiguration;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;

/**
 * {@code retry.aop.order} places the retry advice among the application's other advisors: an advisor ordered inside
 * the retry advice sees every attempt, one ordered outside sees the call once.
 */
class RetryAdviceOrderTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class, RetryAopAutoConfiguration.class))
            .withUserConfiguration(Beans.class)
            .withPropertyValues("retry.services.flaky.strategy=immediate", "retry.services.flaky.max-attempts=3",
                    "retry.services.flaky.retryable-exceptions=java.io.IOException");

    @Test
    void byDefaultRunsOutsideAnAdvisorOfLowestPrecedenceLikeTransactions() {
        runner.run(context -> {
            assertThat(context.getBean(RetryAdvisor.class).getOrder()).isEqualTo(Ordered.LOWEST_PRECEDENCE - 100);
            assertThatThrownBy(() -> context.getBean(FlakyClient.class).fetch()).isInstanceOf(IOException.class);
            assertThat(context.getBean(CountingAdvice.class).calls.get()).isEqualTo(3);
        });
    }

    @Test
    void orderPropertyPutsTheRetryAdviceInsideTheOtherAdvisor() {
        runner.withPropertyValues("retry.aop.order=" + Ordered.LOWEST_PRECEDENCE).run(context -> {
            assertThat(context.getBean(RetryAdvisor.class).getOrder()).isEqualTo(Ordered.LOWEST_PRECEDENCE);
            assertThatThrownBy(() -> context.getBean(FlakyClient.class).fetch()).isInstanceOf(IOException.class);
            assertThat(context.getBean(FlakyClient.class).calls()).isEqualTo(3);
            assertThat(context.getBean(CountingAdvice.class).calls.get()).isEqualTo(1);
        });
    }

    @Test
    void orderPropertyCanPutTheRetryAdviceOutsideAnAdvisorOfHighPrecedence() {
        runner.withPropertyValues("retry.aop.order=" + Ordered.HIGHEST_PRECEDENCE,
                "counting.order=" + (Ordered.HIGHEST_PRECEDENCE + 10)).run(context -> {
            assertThatThrownBy(() -> context.getBean(FlakyClient.class).fetch()).isInstanceOf(IOException.class);
            assertThat(context.getBean(CountingAdvice.class).calls.get()).isEqualTo(3);
        });
    }

    @Test
    void orderThatIsNotANumberFailsStartupNamingTheProperty() {
        runner.withPropertyValues("retry.aop.order=outside").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("Failed to bind properties under 'retry.aop.order' to java.lang.Integer")
                    .rootCause().hasMessageContaining("outside");
        });
    }

    /** An advice that counts the calls it sees, as a transaction or cache advice would see them. */
    static final class CountingAdvice {
        final AtomicInteger calls = new AtomicInteger();
    }

    static class FlakyClient {
        final AtomicInteger calls = new AtomicInteger();

        public int calls() {
            return calls.get();
        }

        @Retryable("flaky")
        public String fetch() throws IOException {
            throw new IOException("down " + calls.incrementAndGet());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {

        @Bean
        static CountingAdvice countingAdvice() {
            return new CountingAdvice();
        }

        /** Ordered like {@code @Transactional}'s advisor unless {@code counting.order} says otherwise. */
        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        static DefaultPointcutAdvisor countingAdvisor(CountingAdvice counting,
                                                      org.springframework.core.env.Environment environment) {
            MethodInterceptor interceptor = invocation -> {
                counting.calls.incrementAndGet();
                return invocation.proceed();
            };
            DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
                    AnnotationMatchingPointcut.forMethodAnnotation(Retryable.class), interceptor);
            advisor.setOrder(environment.getProperty("counting.order", Integer.class, Ordered.LOWEST_PRECEDENCE));
            return advisor;
        }

        @Bean
        FlakyClient flakyClient() {
            return new FlakyClient();
        }
    }
}
