package dev.retrykit.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
import io.github.resilience4j.retry.Retry;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * Happy path of the asynchronous API under a retry policy of 3 attempts: the operation returns an
 * already-completed future, and each benchmark waits for the library's own future (already done too).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class AsyncBenchmark {

    private static final Supplier<CompletionStage<String>> OPERATION = Work::runAsync;
    private static final dev.failsafe.function.CheckedSupplier<CompletionStage<String>> FAILSAFE_OPERATION = Work::runAsync;

    private ServiceRegistry registry;
    private GuardedService retrykit;
    private ScheduledExecutorService resilience4jScheduler;
    private Supplier<CompletionStage<String>> resilience4j;
    private FailsafeExecutor<String> failsafe;

    @Setup
    public void setUp() {
        registry = Policies.retrykitRegistryWithoutGlobalBudget();
        retrykit = registry.register("bench", Policies.retrykitRetryOnly());
        resilience4jScheduler = Executors.newSingleThreadScheduledExecutor();
        Retry retry = Policies.resilience4jRetry();
        resilience4j = Retry.decorateCompletionStage(retry, resilience4jScheduler, OPERATION);
        failsafe = Failsafe.with(Policies.failsafeRetry()).with(new CallerRunsScheduler());
    }

    @TearDown
    public void tearDown() {
        registry.close();
        resilience4jScheduler.shutdownNow();
    }

    @Benchmark
    public String baseline() {
        return OPERATION.get().toCompletableFuture().join();
    }

    @Benchmark
    public String retrykit() {
        return retrykit.callAsync(OPERATION).join();
    }

    @Benchmark
    public String resilience4j() {
        return resilience4j.get().toCompletableFuture().join();
    }

    @Benchmark
    public String failsafe() {
        return failsafe.getStageAsync(FAILSAFE_OPERATION).join();
    }
}
