package dev.retrykit.spring.aop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.retrykit.annotation.Retryable;
import dev.retrykit.spring.autoconfigure.RetryAopAutoConfiguration;
import dev.retrykit.spring.autoconfigure.RetryAutoConfiguration;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.AopUtils;
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
 * What retrykit adds to a call of an annotated method, compared with a do-nothing {@code MethodInterceptor} behind
 * the same kind of proxy: no bytes per successful call when no advice runs inside retrykit's. Advice that does run
 * inside it still runs again for every attempt.
 */
class AnnotatedPathCostTest {

    private static final int CALLS = 100_000;
    private static final int WARM_UP_ROUNDS = 3;
    private static final int MEASURED_ROUNDS = 3;
    /** Allowance for a whole round; one allocation per call would be at least 16 bytes x {@value #CALLS}. */
    private static final long SLACK_BYTES = 1024;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class, RetryAopAutoConfiguration.class))
            .withPropertyValues("retry.services.bench.strategy=immediate", "retry.services.bench.max-attempts=3",
                    "retry.services.bench.retryable-exceptions=java.io.IOException");

    @Test
    void guardedCallAllocatesNoMoreThanADoNothingInterceptor() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs a JVM that counts allocated bytes per thread");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "needs per-thread allocation counting");
        runner.withUserConfiguration(Beans.class).run(context -> {
            GuardedClient guarded = context.getBean(GuardedClient.class);
            InterceptedClient intercepted = context.getBean(InterceptedClient.class);
            assertThat(AopUtils.isCglibProxy(guarded)).isTrue();
            assertThat(AopUtils.isCglibProxy(intercepted)).isTrue();

            long doNothing = bytesPerRound(threads, () -> repeat(intercepted::fetch));
            long retrykit = bytesPerRound(threads, () -> repeat(guarded::fetch));

            assertThat(retrykit - doNothing).as("bytes per round: retrykit %d, do-nothing interceptor %d", retrykit, doNothing)
                    .isLessThanOrEqualTo(SLACK_BYTES);
            assertThat(guarded.calls()).isEqualTo((WARM_UP_ROUNDS + MEASURED_ROUNDS) * CALLS);
        });
    }

    @Test
    void innerAdviceRunsAgainForEveryAttempt() {
        runner.withUserConfiguration(Beans.class, InnerAdvice.class).run(context -> {
            GuardedClient guarded = context.getBean(GuardedClient.class);
            guarded.failNext(2);

            assertThat(guarded.fetch()).isEqualTo("ok");
            assertThat(guarded.calls()).isEqualTo(3);
            assertThat(context.getBean(InnerAdvice.class).invocations.get()).isEqualTo(3);
        });
    }

    @Test
    void withoutInnerAdviceEveryAttemptStillReachesTheTarget() {
        runner.withUserConfiguration(Beans.class).run(context -> {
            GuardedClient guarded = context.getBean(GuardedClient.class);
            guarded.failNext(2);

            assertThat(guarded.fetch()).isEqualTo("ok");
            assertThat(guarded.calls()).isEqualTo(3);
        });
    }

    /**
     * The fewest bytes the current thread allocated in one of {@value #MEASURED_ROUNDS} rounds after the warm-up:
     * a round that ran before the JIT finished compiling (a busy machine) does not count, while an allocation on
     * every call shows in every round.
     */
    private long bytesPerRound(com.sun.management.ThreadMXBean threads, IntSupplier round) {
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            round.getAsInt();
        }
        long threadId = Thread.currentThread().getId();
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < MEASURED_ROUNDS; i++) {
            long before = threads.getThreadAllocatedBytes(threadId);
            int results = round.getAsInt();
            fewest = Math.min(fewest, threads.getThreadAllocatedBytes(threadId) - before);
            assertThat(results).isEqualTo(CALLS);
        }
        return fewest;
    }

    private static int repeat(Call call) {
        int results = 0;
        for (int i = 0; i < CALLS; i++) {
            try {
                if (call.run() != null) {
                    results++;
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return results;
    }

    @FunctionalInterface
    interface Call {
        String run() throws IOException;
    }

    /** Marks the do-nothing interceptor's method. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface DoNothing {
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {

        @Bean
        GuardedClient guardedClient() {
            return new GuardedClient();
        }

        @Bean
        InterceptedClient interceptedClient() {
            return new InterceptedClient();
        }

        /** Applied by the same auto-proxy creator as retrykit's advisor (an infrastructure advisor). */
        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        static Advisor doNothingAdvisor() {
            MethodInterceptor proceed = MethodInvocation::proceed;
            return new DefaultPointcutAdvisor(new AnnotationMatchingPointcut(null, DoNothing.class, true), proceed);
        }
    }

    /** Counts the invocations it sees, ordered inside retrykit's advisor (like {@code @Transactional}). */
    @Configuration(proxyBeanMethods = false)
    static class InnerAdvice {

        final AtomicInteger invocations = new AtomicInteger();

        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        Advisor countingAdvisor() {
            MethodInterceptor counting = invocation -> {
                invocations.incrementAndGet();
                return invocation.proceed();
            };
            DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(
                    new AnnotationMatchingPointcut(null, Retryable.class, true), counting);
            advisor.setOrder(Ordered.LOWEST_PRECEDENCE);
            return advisor;
        }
    }

    /** Its state is read through methods: the proxy's own fields are not the target's. */
    static class GuardedClient {
        private final AtomicInteger calls = new AtomicInteger();
        private volatile int failuresLeft;

        public void failNext(int failures) {
            failuresLeft = failures;
        }

        public int calls() {
            return calls.get();
        }

        @Retryable("bench")
        public String fetch() throws IOException {
            calls.incrementAndGet();
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new IOException("down");
            }
            return "ok";
        }
    }

    static class InterceptedClient {
        @DoNothing
        public String fetch() {
            return "ok";
        }
    }
}
