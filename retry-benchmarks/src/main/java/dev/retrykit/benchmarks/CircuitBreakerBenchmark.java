package dev.retrykit.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.retrykit.core.CheckedSupplier;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
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
import org.springframework.retry.RetryCallback;
import org.springframework.retry.RetryState;
import org.springframework.retry.support.DefaultRetryState;

/** Happy path through a closed circuit breaker and nothing else, on one thread. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class CircuitBreakerBenchmark {

    private static final CheckedSupplier<String> RETRYKIT_OPERATION = Work::run;
    private static final io.github.resilience4j.core.functions.CheckedSupplier<String> RESILIENCE4J_OPERATION = Work::run;
    private static final dev.failsafe.function.CheckedSupplier<String> FAILSAFE_OPERATION = Work::run;
    private static final RetryCallback<String, RuntimeException> SPRING_RETRY_OPERATION = context -> Work.run();
    /** The key under which Spring Retry keeps the breaker's state between calls. */
    private static final RetryState SPRING_RETRY_BREAKER_STATE = new DefaultRetryState("bench");

    private ServiceRegistry registry;
    private GuardedService retrykit;
    private io.github.resilience4j.core.functions.CheckedSupplier<String> resilience4j;
    private FailsafeExecutor<String> failsafe;
    private org.springframework.retry.support.RetryTemplate springRetry;

    @Setup
    public void setUp() {
        registry = Policies.retrykitRegistryWithoutGlobalBudget();
        retrykit = registry.register("bench", Policies.retrykitBreakerOnly());
        resilience4j = io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateCheckedSupplier(
                Policies.resilience4jBreaker(), RESILIENCE4J_OPERATION);
        failsafe = Failsafe.with(Policies.failsafeBreaker());
        springRetry = Policies.springRetryBreaker();
    }

    @TearDown
    public void tearDown() {
        registry.close();
    }

    @Benchmark
    public String retrykit() {
        return retrykit.call(RETRYKIT_OPERATION);
    }

    @Benchmark
    public String resilience4j() throws Throwable {
        return resilience4j.get();
    }

    @Benchmark
    public String failsafe() {
        return failsafe.get(FAILSAFE_OPERATION);
    }

    @Benchmark
    public String springRetry() {
        return springRetry.execute(SPRING_RETRY_OPERATION, SPRING_RETRY_BREAKER_STATE);
    }
}
