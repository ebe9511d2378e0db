package dev.retrykit.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.retrykit.core.CheckedSupplier;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
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
import org.springframework.retry.RetryCallback;

/**
 * One failure, then success on the retry, without delay (retrykit's {@code immediate} strategy, zero waits for the
 * peers): the cost of handling a failed attempt and deciding to retry. The failure is one shared exception
 * without stack trace, so building exceptions is not measured. Single-threaded: each operation alternates.
 *
 * <p>retrykit skips the sleep of a zero delay; Resilience4j, Failsafe and Spring Framework 7's template call
 * {@code Thread.sleep(0)} (a {@code sched_yield}, a few hundred nanoseconds) between attempts, Spring Retry's
 * {@code NoBackOffPolicy} does not sleep. {@link #retrykitSleepingLikePeers()} runs retrykit with a sleeper that
 * calls {@code Thread.sleep} for every delay, zero included, to compare with the sleeps equalised.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class FailingCallBenchmark {

    private ServiceRegistry registry;
    private GuardedService retrykit;
    private CheckedSupplier<String> retrykitOperation;
    private ServiceRegistry sleepingRegistry;
    private GuardedService retrykitSleeping;
    private CheckedSupplier<String> retrykitSleepingOperation;
    private io.github.resilience4j.core.functions.CheckedSupplier<String> resilience4j;
    private FailsafeExecutor<String> failsafe;
    private dev.failsafe.function.CheckedSupplier<String> failsafeOperation;
    private org.springframework.retry.support.RetryTemplate springRetry;
    private RetryCallback<String, RuntimeException> springRetryOperation;
    private org.springframework.core.retry.RetryTemplate springFramework;
    private org.springframework.core.retry.Retryable<String> springFrameworkOperation;

    @Setup
    public void setUp() {
        registry = Policies.retrykitRegistryWithoutGlobalBudget();
        retrykit = registry.register("bench", Policies.retrykitRetryOnly());
        retrykitOperation = new Work.Flaky()::run;
        sleepingRegistry = ServiceRegistry.builder()
                .globalBudget(dev.retrykit.core.budget.RetryBudgetConfig.DISABLED)
                .sleeper(nanos -> Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L)))
                .build();
        retrykitSleeping = sleepingRegistry.register("bench", Policies.retrykitRetryOnly());
        retrykitSleepingOperation = new Work.Flaky()::run;
        resilience4j = Retry.decorateCheckedSupplier(Policies.resilience4jRetry(), new Work.Flaky()::run);
        failsafe = Failsafe.with(Policies.failsafeRetry());
        failsafeOperation = new Work.Flaky()::run;
        springRetry = Policies.springRetry();
        Work.Flaky springRetryFlaky = new Work.Flaky();
        springRetryOperation = context -> springRetryFlaky.run();
        springFramework = Policies.springFramework();
        springFrameworkOperation = new Work.Flaky()::run;
    }

    @TearDown
    public void tearDown() {
        registry.close();
        sleepingRegistry.close();
    }

    @Benchmark
    public String retrykit() {
        return retrykit.call(retrykitOperation);
    }

    @Benchmark
    public String retrykitSleepingLikePeers() {
        return retrykitSleeping.call(retrykitSleepingOperation);
    }

    @Benchmark
    public String resilience4j() throws Throwable {
        return resilience4j.get();
    }

    @Benchmark
    public String failsafe() {
        return failsafe.get(failsafeOperation);
    }

    @Benchmark
    public String springRetry() {
        return springRetry.execute(springRetryOperation);
    }

    @Benchmark
    public String springFramework() throws Exception {
        return springFramework.execute(springFrameworkOperation);
    }
}
