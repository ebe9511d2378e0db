package dev.retrykit.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.retrykit.core.CheckedSupplier;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
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

/**
 * Happy path through bulkhead, retry and circuit breaker composed in retrykit's order (bulkhead outside, the
 * breaker asked on every attempt), plus retrykit with everything it turns on by default.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class ComposedBenchmark {

    private static final CheckedSupplier<String> RETRYKIT_OPERATION = Work::run;
    private static final io.github.resilience4j.core.functions.CheckedSupplier<String> RESILIENCE4J_OPERATION = Work::run;
    private static final dev.failsafe.function.CheckedSupplier<String> FAILSAFE_OPERATION = Work::run;

    private ServiceRegistry registry;
    private ServiceRegistry defaultRegistry;
    private GuardedService retrykit;
    private GuardedService retrykitFull;
    private io.github.resilience4j.core.functions.CheckedSupplier<String> resilience4j;
    private FailsafeExecutor<String> failsafe;

    @Setup
    public void setUp() {
        registry = Policies.retrykitRegistryWithoutGlobalBudget();
        retrykit = registry.register("bench", Policies.retrykitComposed());
        defaultRegistry = ServiceRegistry.builder().build();
        retrykitFull = defaultRegistry.register("bench", Policies.retrykitFull());
        Bulkhead bulkhead = Policies.resilience4jBulkhead();
        Retry retry = Policies.resilience4jRetry();
        CircuitBreaker breaker = Policies.resilience4jBreaker();
        resilience4j = Bulkhead.decorateCheckedSupplier(bulkhead,
                Retry.decorateCheckedSupplier(retry, CircuitBreaker.decorateCheckedSupplier(breaker, RESILIENCE4J_OPERATION)));
        failsafe = Failsafe.with(Policies.failsafeBulkhead(), Policies.failsafeRetry(), Policies.failsafeBreaker());
    }

    @TearDown
    public void tearDown() {
        registry.close();
        defaultRegistry.close();
    }

    @Benchmark
    public String retrykit() {
        return retrykit.call(RETRYKIT_OPERATION);
    }

    /** Retry, breaker and bulkhead with the service budget, the global budget and the global retry limit on. */
    @Benchmark
    public String retrykitFull() {
        return retrykitFull.call(RETRYKIT_OPERATION);
    }

    @Benchmark
    public String resilience4j() throws Throwable {
        return resilience4j.get();
    }

    @Benchmark
    public String failsafe() {
        return failsafe.get(FAILSAFE_OPERATION);
    }
}
