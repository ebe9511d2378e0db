package dev.retrykit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.retrykit.core.breaker.CircuitBreakerConfig;
import dev.retrykit.core.budget.RetryBudgetConfig;
import dev.retrykit.core.bulkhead.BulkheadConfig;
import dev.retrykit.core.time.ManualClock;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The success path of a blocking call allocates nothing per call, nor does an asynchronous call whose operation
 * returns an already-completed future (the caller gets that future back): measured with the JVM's per-thread allocation
 * counter around many calls of a pre-built, non-capturing operation, after a warm-up that lets the JIT compile it.
 */
class HappyPathAllocationTest {

    private static final int CALLS = 100_000;
    private static final int WARM_UP_ROUNDS = 3;

    /**
     * Fixed allowance for the whole measured round (JIT and counter noise). One allocation per call would be at
     * least 16 bytes x {@value #CALLS}; even one every thousand calls would exceed it.
     */
    private static final long SLACK_BYTES = 512;

    private static final CheckedSupplier<String> OPERATION = () -> "ok";
    private static final CompletableFuture<String> COMPLETED = CompletableFuture.completedFuture("ok");
    private static final Supplier<CompletionStage<String>> ASYNC_OPERATION = () -> COMPLETED;

    private final ManualClock clock = new ManualClock();
    private com.sun.management.ThreadMXBean threads;
    private ServiceRegistry registry;

    @BeforeEach
    void requireAllocationCounting() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs a JVM that counts allocated bytes per thread");
        threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "needs per-thread allocation counting");
    }

    @AfterEach
    void closeRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void retryOnlyPolicyAllocatesNothingPerSuccessfulCall() {
        registry = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock)
                .globalBudget(RetryBudgetConfig.DISABLED).build();
        GuardedService service = registry.register("retry-only", ServicePolicy.builder()
                .maxAttempts(3)
                .strategy("immediate")
                .circuitBreaker(CircuitBreakerConfig.builder().enabled(false).build())
                .budget(RetryBudgetConfig.DISABLED)
                .bulkhead(new BulkheadConfig(1_000_000, Duration.ZERO))
                .build());

        assertThat(bytesPerRound(service)).isLessThanOrEqualTo(SLACK_BYTES);
        assertThat(service.statistics().count(Outcome.SUCCESS)).isEqualTo((WARM_UP_ROUNDS + 1L) * CALLS);
    }

    @Test
    void composedDefaultPolicyAllocatesNothingPerSuccessfulCall() {
        registry = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock).build();
        GuardedService service = registry.register("composed", ServicePolicy.builder()
                .maxAttempts(3)
                .strategy("immediate")
                .build());

        assertThat(bytesPerRound(service)).isLessThanOrEqualTo(SLACK_BYTES);
        assertThat(service.statistics().count(Outcome.SUCCESS)).isEqualTo((WARM_UP_ROUNDS + 1L) * CALLS);
    }

    @Test
    void callsAnObserverDeclinesAllocateNothingPerSuccessfulCall() {
        registry = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock)
                .callObserver((name, async) -> null).build();
        GuardedService service = registry.register("unobserved", ServicePolicy.builder()
                .maxAttempts(3)
                .strategy("immediate")
                .build());

        assertThat(bytesPerRound(service)).isLessThanOrEqualTo(SLACK_BYTES);
        assertThat(service.statistics().count(Outcome.SUCCESS)).isEqualTo((WARM_UP_ROUNDS + 1L) * CALLS);
    }


    @Test
    void asyncCallOfACompletedFutureAllocatesNothingPerSuccessfulCall() {
        registry = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock).build();
        GuardedService service = registry.register("async", ServicePolicy.builder()
                .maxAttempts(3)
                .strategy("immediate")
                .bulkhead(new BulkheadConfig(20, Duration.ZERO))
                .build());

        assertThat(bytesPerRound(() -> callAsyncRepeatedly(service))).isLessThanOrEqualTo(SLACK_BYTES);
        assertThat(service.statistics().count(Outcome.SUCCESS)).isEqualTo((WARM_UP_ROUNDS + 1L) * CALLS);
        assertThat(service.bulkhead().availableCalls()).isEqualTo(20);
    }

    private long bytesPerRound(GuardedService service) {
        return bytesPerRound(() -> callRepeatedly(service));
    }

    /** Bytes the current thread allocated during one round of {@link #CALLS} calls, after the warm-up rounds. */
    private long bytesPerRound(java.util.function.IntSupplier round) {
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            round.getAsInt();
        }
        long threadId = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(threadId);
        int results = round.getAsInt();
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertThat(results).isEqualTo(CALLS);
        return allocated;
    }

    private static int callRepeatedly(GuardedService service) {
        int results = 0;
        for (int i = 0; i < CALLS; i++) {
            if (service.call(OPERATION) != null) {
                results++;
            }
        }
        return results;
    }

    private static int callAsyncRepeatedly(GuardedService service) {
        int results = 0;
        for (int i = 0; i < CALLS; i++) {
            if (service.callAsync(ASYNC_OPERATION).join() != null) {
                results++;
            }
        }
        return results;
    }
}
