package dev.retrykit.benchmarks;

import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import io.github.resilience4j.retry.annotation.Retry;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Happy path of an annotated bean method called through its Spring proxy, in a small Boot context without a web
 * server, as Boot runs it (actuator and Micrometer on): a plain bean (no advice), the same bean behind a do-nothing
 * {@code MethodInterceptor} (retrykit's own cost is its difference to that row), retrykit's {@code @Retryable} and
 * Resilience4j's {@code @Retry} + {@code @CircuitBreaker} aspects.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class AnnotatedPathBenchmark {

    private ConfigurableApplicationContext context;
    private PlainClient plain;
    private InterceptedClient intercepted;
    private Resilience4jClient resilience4j;
    private RetrykitClient retrykit;

    @Setup
    public void setUp() {
        context = BootContexts.start(AnnotatedApplication.class,
                "retry.global.budget.enabled=false",
                "retry.services.bench.budget.enabled=false",
                "retry.services.bench.bulkhead.max-concurrent-calls=" + Integer.MAX_VALUE);
        plain = context.getBean(PlainClient.class);
        intercepted = context.getBean(InterceptedClient.class);
        resilience4j = context.getBean(Resilience4jClient.class);
        retrykit = context.getBean(RetrykitClient.class);
    }

    @TearDown
    public void tearDown() {
        context.close();
    }

    @Benchmark
    public String plainBean() {
        return plain.fetch();
    }

    @Benchmark
    public String doNothingInterceptor() {
        return intercepted.fetch();
    }

    @Benchmark
    public String resilience4j() {
        return resilience4j.fetch();
    }

    @Benchmark
    public String retrykit() {
        return retrykit.fetch();
    }

    /** The context: auto-configuration (AOP, Resilience4j) and the two beans. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    public static class AnnotatedApplication {

        @Bean
        PlainClient plainClient() {
            return new PlainClient();
        }

        @Bean
        Resilience4jClient resilience4jClient() {
            return new Resilience4jClient();
        }

        @Bean
        RetrykitClient retrykitClient() {
            return new RetrykitClient();
        }

        @Bean
        InterceptedClient interceptedClient() {
            return new InterceptedClient();
        }

        /** A do-nothing interceptor on {@link DoNothing} methods, proxied like retrykit's bean. */
        @Bean
        static Advisor doNothingAdvisor() {
            MethodInterceptor proceed = MethodInvocation::proceed;
            return new DefaultPointcutAdvisor(new AnnotationMatchingPointcut(null, DoNothing.class, true), proceed);
        }
    }

    /** Marks the method of {@link InterceptedClient}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface DoNothing {
    }

    /**
     * The same bean as {@link RetrykitClient} behind the same kind of proxy, advised by an interceptor that only
     * proceeds: the difference to {@link RetrykitClient} is retrykit's own cost.
     */
    public static class InterceptedClient {
        @DoNothing
        public String fetch() {
            return Work.run();
        }
    }

    /** Guarded by retrykit's {@code @Retryable}: retry + breaker of the same shape, budgets and bulkhead off. */
    public static class RetrykitClient {
        @dev.retrykit.annotation.Retryable("bench")
        public String fetch() {
            return Work.run();
        }
    }

    /** A bean without advice: the cost of calling a bean method. */
    public static class PlainClient {
        public String fetch() {
            return Work.run();
        }
    }

    /** Guarded by Resilience4j's annotations, configured like the other benchmarks' policies. */
    public static class Resilience4jClient {
        @Retry(name = "bench")
        @CircuitBreaker(name = "bench")
        public String fetch() {
            return Work.run();
        }
    }
}
