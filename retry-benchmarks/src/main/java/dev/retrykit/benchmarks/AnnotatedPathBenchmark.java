package dev.retrykit.benchmarks;

import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import io.github.resilience4j.retry.annotation.Retry;
import java.util.concurrent.TimeUnit;
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
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Happy path of an annotated bean method called through its Spring proxy, in a small Boot context without a web
 * server: a plain bean (no advice) against Resilience4j's {@code @Retry} + {@code @CircuitBreaker} aspects.
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
    private Resilience4jClient resilience4j;
    private RetrykitClient retrykit;

    @Setup
    public void setUp() {
        context = new SpringApplicationBuilder(AnnotatedApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties("spring.main.banner-mode=off",
                        "resilience4j.retry.instances.bench.max-attempts=" + Policies.ATTEMPTS,
                        "resilience4j.circuitbreaker.instances.bench.sliding-window-type=COUNT_BASED",
                        "resilience4j.circuitbreaker.instances.bench.sliding-window-size=" + Policies.WINDOW,
                        "resilience4j.circuitbreaker.instances.bench.minimum-number-of-calls=" + Policies.MINIMUM_CALLS,
                        "resilience4j.circuitbreaker.instances.bench.failure-rate-threshold=" + Policies.FAILURE_RATE_PERCENT,
                        "resilience4j.circuitbreaker.instances.bench.wait-duration-in-open-state=" + Policies.WAIT_IN_OPEN,
                        "retry.global.budget.enabled=false",
                        "retry.services.bench.max-attempts=" + Policies.ATTEMPTS,
                        "retry.services.bench.strategy=immediate",
                        "retry.services.bench.circuit-breaker.sliding-window-size=" + Policies.WINDOW,
                        "retry.services.bench.circuit-breaker.minimum-calls=" + Policies.MINIMUM_CALLS,
                        "retry.services.bench.circuit-breaker.failure-rate-threshold=" + Policies.FAILURE_RATE_PERCENT,
                        "retry.services.bench.circuit-breaker.wait-in-open=" + Policies.WAIT_IN_OPEN,
                        "retry.services.bench.budget.enabled=false",
                        "retry.services.bench.bulkhead.max-concurrent-calls=" + Integer.MAX_VALUE)
                .run();
        plain = context.getBean(PlainClient.class);
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
