package dev.retrykit.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
import io.github.resilience4j.retry.Retry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
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
 * The asynchronous API when the operation's future completes later, on another thread (one worker thread shared by
 * every library): the library cannot take its completed-future shortcut and must follow the future. Each benchmark
 * waits for the library's future. Most of the time is the hand-off between the two threads, the same for all; the
 * difference to the baseline is the library's own cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class AsyncLaterBenchmark {

    private ExecutorService worker;
    private Supplier<CompletionStage<String>> operation;
    private dev.failsafe.function.CheckedSupplier<CompletionStage<String>> failsafeOperation;
    private ServiceRegistry registry;
    private GuardedService retrykit;
    private ScheduledExecutorService resilience4jScheduler;
    private Supplier<CompletionStage<String>> resilience4j;
    private FailsafeExecutor<String> failsafe;

    @Setup
    public void setUp() {
        worker = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "async-later-worker");
            thread.setDaemon(true);
            return thread;
        });
        ExecutorService completing = worker;
        operation = () -> CompletableFuture.supplyAsync(Work::run, completing);
        failsafeOperation = () -> CompletableFuture.supplyAsync(Work::run, completing);
        registry = Policies.retrykitRegistryWithoutGlobalBudget();
        retrykit = registry.register("bench", Policies.retrykitRetryOnly());
        resilience4jScheduler = Executors.newSingleThreadScheduledExecutor();
        resilience4j = Retry.decorateCompletionStage(Policies.resilience4jRetry(), resilience4jScheduler, operation);
        failsafe = Failsafe.with(Policies.failsafeRetry()).with(new CallerRunsScheduler());
    }

    @TearDown
    public void tearDown() {
        registry.close();
        resilience4jScheduler.shutdownNow();
        worker.shutdownNow();
    }

    @Benchmark
    public String baseline() {
        return operation.get().toCompletableFuture().join();
    }

    @Benchmark
    public String retrykit() {
        return retrykit.callAsync(operation).join();
    }

    @Benchmark
    public String resilience4j() {
        return resilience4j.get().toCompletableFuture().join();
    }

    @Benchmark
    public String failsafe() {
        return failsafe.getStageAsync(failsafeOperation).join();
    }
}
