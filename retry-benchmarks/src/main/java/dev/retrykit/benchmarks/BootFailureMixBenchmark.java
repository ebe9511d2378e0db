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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Boot default of {@link BootDefaultBenchmark} under a failure mix: 2 threads share one service (one breaker),
 * and one attempt in {@value #FAILURE_EVERY} fails (3 %), so a call sometimes retries once. The breaker stays closed
 * (3 % is far below its 50 % threshold). Zero delay between attempts for both. retrykit's logging listener runs,
 * but its WARN line per retry is switched off in this jar's {@code logback.xml}, so that the console does not become
 * the benchmark.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@Threads(2)
@State(Scope.Benchmark)
public class BootFailureMixBenchmark {

    /** One attempt in this many fails. */
    static final int FAILURE_EVERY = 33;

    private ConfigurableApplicationContext context;
    private GuardedService retrykit;
    private Retry retry;
    private CircuitBreaker breaker;

    @Setup
    public void setUp() {
        context = BootContexts.start(BootDefaultBenchmark.BootApplication.class);
        retrykit = context.getBean(ServiceRegistry.class).service(BootContexts.NAME);
        retry = context.getBean(RetryRegistry.class).retry(BootContexts.NAME);
        breaker = context.getBean(CircuitBreakerRegistry.class).circuitBreaker(BootContexts.NAME);
    }

    @TearDown
    public void tearDown() {
        context.close();
    }

    /** Each thread's own operation: every {@value #FAILURE_EVERY}th attempt throws. */
    @State(Scope.Thread)
    public static class Caller {
        private int attempts;
        CheckedSupplier<String> retrykitOperation;
        io.github.resilience4j.core.functions.CheckedSupplier<String> resilience4j;

        @Setup
        public void setUp(BootFailureMixBenchmark shared) {
            retrykitOperation = this::run;
            resilience4j = Retry.decorateCheckedSupplier(shared.retry,
                    CircuitBreaker.decorateCheckedSupplier(shared.breaker, this::run));
        }

        String run() {
            if (++attempts % FAILURE_EVERY == 0) {
                throw Work.TransientFailure.INSTANCE;
            }
            return Work.RESULT;
        }
    }

    @Benchmark
    public String retrykit(Caller caller) {
        return retrykit.call(caller.retrykitOperation);
    }

    @Benchmark
    public String resilience4j(Caller caller) throws Throwable {
        return caller.resilience4j.get();
    }
}
