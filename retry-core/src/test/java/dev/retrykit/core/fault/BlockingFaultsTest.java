package dev.retrykit.core.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.core.AttemptTimeoutException;
import dev.retrykit.core.AttemptWorkers;
import dev.retrykit.core.BulkheadFullException;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.TimeoutConfig;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.bulkhead.BulkheadConfig;
import dev.retrykit.core.testsupport.BoundedWait;
import dev.retrykit.core.testsupport.HangingDependency;
import dev.retrykit.core.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Blocking calls against dependencies that hang, ignore interrupts or find no worker: the bulkhead bounds the bodies
 * that really run, workers stay bounded, a refused worker is a rejection, and {@code timeout.total} never moves an
 * attempt off the caller's thread. Real threads, invariants only, generous bounded waits.
 */
class BlockingFaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ManualClock virtualSleeps = new ManualClock();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<HangingDependency> toRelease = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        toRelease.forEach(HangingDependency::release);
        for (AutoCloseable resource : toClose) {
            resource.close();
        }
    }

    private ServiceRegistry registry(ExecutorService workers) {
        ServiceRegistry.Builder builder = ServiceRegistry.builder().sleeper(virtualSleeps);
        if (workers != null) {
            builder.attemptExecutor(workers);
            toClose.add(workers::shutdownNow);
        }
        ServiceRegistry registry = builder.build();
        toClose.add(registry);
        return registry;
    }

    private HangingDependency hanging(HangingDependency dependency) {
        toRelease.add(dependency);
        return dependency;
    }

    private static ServicePolicy.Builder timedPolicy() {
        return ServicePolicy.builder().strategy("immediate").maxAttempts(3)
                .timeout(new TimeoutConfig(Duration.ofMillis(50), null, false));
    }

    @Test
    void bulkheadBoundsTheBodiesThatRunWhenTimedOutAttemptsIgnoreInterrupts() {
        GuardedService service = registry(null).register("hung",
                timedPolicy().bulkhead(new BulkheadConfig(2, Duration.ZERO)).build());
        HangingDependency dependency = hanging(HangingDependency.ignoringInterrupts());

        List<Throwable> failures = new ArrayList<>();
        for (int call = 0; call < 5; call++) {
            try {
                service.call(dependency::call);
            } catch (Throwable failure) {
                failures.add(failure);
            }
        }

        assertThat(dependency.mostAtOnce()).isLessThanOrEqualTo(2);
        assertThat(dependency.started()).isEqualTo(2);
        assertThat(service.bulkhead().availableCalls()).isZero();
        assertThat(failures).hasSize(5);
        // the first call times out, then finds the bulkhead full: its retries end with its own last failure
        assertThat(failures.get(0)).isInstanceOf(AttemptTimeoutException.class);
        assertThat(failures.subList(2, 5)).allSatisfy(f -> assertThat(f).isInstanceOf(BulkheadFullException.class));

        dependency.release();
        BoundedWait.until("every permit back", WAIT, () -> service.bulkhead().availableCalls() == 2);
        assertThat(dependency.running()).isZero();
    }

    @Test
    void workerThreadsStayBoundedAndARefusedWorkerIsARejectionThatNeverMovesTheBreaker() {
        ExecutorService workers = AttemptWorkers.newPlatformPool(3);
        GuardedService service = registry(workers).register("no-workers", timedPolicy()
                .circuitBreaker(dev.retrykit.core.breaker.CircuitBreakerConfig.builder().enabled(false).build()).build());
        HangingDependency dependency = hanging(HangingDependency.ignoringInterrupts());

        List<Throwable> failures = new ArrayList<>();
        for (int call = 0; call < 20; call++) {
            try {
                service.call(dependency::call);
            } catch (Throwable failure) {
                failures.add(failure);
            }
        }

        assertThat(dependency.mostAtOnce()).isLessThanOrEqualTo(3);
        assertThat(failures).hasSize(20);
        // the first call's three attempts hold the three workers; every later call finds none
        assertThat(service.statistics().count(Outcome.REJECTED)).isEqualTo(19);
        assertThat(failures.get(failures.size() - 1)).isInstanceOf(BulkheadFullException.class)
                .hasMessageContaining("worker");
    }

    @Test
    void refusedWorkersNeverOpenTheBreakerNorInvokeTheOperation() {
        ExecutorService refusing = Executors.newSingleThreadExecutor();
        refusing.shutdown();
        GuardedService service = registry(refusing).register("refused", timedPolicy()
                .circuitBreaker(dev.retrykit.core.breaker.CircuitBreakerConfig.builder().minimumCalls(1).slidingWindowSize(5).build())
                .build());
        HangingDependency dependency = hanging(HangingDependency.interruptible());

        for (int call = 0; call < 5; call++) {
            assertThatThrownBy(() -> service.call(dependency::call)).isInstanceOf(BulkheadFullException.class);
        }

        assertThat(dependency.started()).isZero();
        assertThat(service.circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(service.circuitBreaker().metrics().failedCalls()).isZero();
        assertThat(service.statistics().count(Outcome.REJECTED)).isEqualTo(5);
    }

    @Test
    void totalTimeoutAloneKeepsEveryAttemptOnTheCallersThread() {
        GuardedService service = registry(null).register("deadline", ServicePolicy.builder().strategy("immediate")
                .maxAttempts(3).retryOn(java.io.IOException.class)
                .timeout(new TimeoutConfig(null, Duration.ofSeconds(30), false)).build());
        ThreadLocal<String> transaction = ThreadLocal.withInitial(() -> "none");
        transaction.set("caller's transaction");
        List<String> seen = new ArrayList<>();
        Thread caller = Thread.currentThread();

        String value = service.call(() -> {
            seen.add(transaction.get() + (Thread.currentThread() == caller ? " on the caller" : " elsewhere"));
            if (seen.size() < 3) {
                throw new java.io.IOException("flaky");
            }
            return "done";
        });

        assertThat(value).isEqualTo("done");
        assertThat(seen).containsOnly("caller's transaction on the caller").hasSize(3);
    }
}
