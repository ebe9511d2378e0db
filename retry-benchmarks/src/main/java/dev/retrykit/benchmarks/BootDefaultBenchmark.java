package dev.retrykit.benchmarks;

import dev.retrykit.core.CheckedSupplier;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
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
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Retry + circuit breaker as a Spring Boot application runs it, happy path: the libraries' objects come from a Boot
 * context with actuator and Micrometer on (a {@code SimpleMeterRegistry}). retrykit's service has the starter's
 * logging listener, its meters and health, and the starter's defaults for everything not set (service and global
 * budgets on, no bulkhead); Resilience4j's retry and breaker come from its Spring Boot registries with the Micrometer
 * binding on. Programmatic calls, so the annotation proxies are not measured here.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class BootDefaultBenchmark {

    private static final CheckedSupplier<String> OPERATION = Work::run;

    private ConfigurableApplicationContext context;
    private GuardedService retrykit;
    private io.github.resilience4j.core.functions.CheckedSupplier<String> resilience4j;

    @Setup
    public void setUp() {
        context = BootContexts.start(BootApplication.class);
        retrykit = context.getBean(ServiceRegistry.class).service(BootContexts.NAME);
        Retry retry = context.getBean(RetryRegistry.class).retry(BootContexts.NAME);
        CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).circuitBreaker(BootContexts.NAME);
        resilience4j = Retry.decorateCheckedSupplier(retry, CircuitBreaker.decorateCheckedSupplier(breaker, Work::run));
    }

    @TearDown
    public void tearDown() {
        context.close();
    }

    @Benchmark
    public String retrykit() {
        return retrykit.call(OPERATION);
    }

    @Benchmark
    public String resilience4j() throws Throwable {
        return resilience4j.get();
    }

    /** A Boot application with auto-configuration only. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    public static class BootApplication {
    }
}
