package dev.retrykit.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.Timeout;
import dev.retrykit.core.AttemptWorkers;
import dev.retrykit.core.CheckedSupplier;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.TimeoutConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
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
 * A blocking call under a per-attempt timeout of 1 s that never fires. retrykit runs the attempt on its bounded
 * worker pool and waits for it (so that the caller gets control back when it overruns); Resilience4j's
 * {@code TimeLimiter} does the same with a {@code Future} from a pool of the same kind; Failsafe's {@code Timeout}
 * runs the attempt on the calling thread and schedules the timeout beside it, so it pays no thread hand-off (and
 * cannot give the caller control back from an attempt that ignores interrupts).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class TimeoutBenchmark {

    private static final Duration LIMIT = Duration.ofSeconds(1);
    private static final CheckedSupplier<String> OPERATION = Work::run;
    private static final dev.failsafe.function.CheckedSupplier<String> FAILSAFE_OPERATION = Work::run;
    private static final Callable<String> TASK = Work::run;

    private ServiceRegistry registry;
    private GuardedService retrykit;
    private ExecutorService resilience4jWorkers;
    private TimeLimiter timeLimiter;
    private Supplier<Future<String>> resilience4jFuture;
    private FailsafeExecutor<String> failsafe;

    @Setup
    public void setUp() {
        registry = Policies.retrykitRegistryWithoutGlobalBudget();
        retrykit = registry.register("bench", Policies.retrykitRetryOnly().toBuilder()
                .timeout(new TimeoutConfig(LIMIT, null, false))
                .build());
        resilience4jWorkers = AttemptWorkers.newPlatformPool(AttemptWorkers.DEFAULT_MAX_CONCURRENT);
        timeLimiter = TimeLimiter.of(TimeLimiterConfig.custom().timeoutDuration(LIMIT).cancelRunningFuture(true).build());
        ExecutorService workers = resilience4jWorkers;
        resilience4jFuture = () -> workers.submit(TASK);
        failsafe = Failsafe.with(Timeout.<String>builder(LIMIT).withInterrupt().build());
    }

    @TearDown
    public void tearDown() {
        registry.close();
        resilience4jWorkers.shutdownNow();
    }

    @Benchmark
    public String retrykit() {
        return retrykit.call(OPERATION);
    }

    @Benchmark
    public String resilience4j() throws Exception {
        return timeLimiter.executeFutureSupplier(resilience4jFuture);
    }

    @Benchmark
    public String failsafe() {
        return failsafe.get(FAILSAFE_OPERATION);
    }
}
