package dev.retrykit.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.TemplateRegistry;
import dev.retrykit.core.breaker.CircuitBreakerConfig;
import dev.retrykit.core.budget.RetryBudgetConfig;
import dev.retrykit.core.bulkhead.BulkheadConfig;
import dev.retrykit.core.stats.ServiceStatistics;
import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Retry amplification during a full outage: 10,000 calls arrive one per millisecond of virtual time at a dependency
 * that fails every attempt with an {@link IOException}. Without a budget every call makes all three attempts of the
 * {@code http-api} template; with the service's ratio budget of 0.1 the dependency sees at most about 10 % more
 * attempts than calls.
 *
 * <p>Calls go through {@code callAsync} so that they overlap on the virtual clock as real concurrent calls do: a
 * retry waits on the {@link ManualClock} scheduler while new calls keep arriving. The bulkhead and the global limit
 * of retries in flight are widened so that only the budget (and, in the breaker rows, the breaker) limits retries.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetryAmplificationSimulationTest {

    private static final int CALLS = 10_000;
    private static final long SEED = 20_240_601L;
    private static final int UNLIMITED_RETRIES_IN_FLIGHT = 1_000_000;
    private static final BulkheadConfig WIDE_BULKHEAD = new BulkheadConfig(CALLS, Duration.ZERO);
    private static final CircuitBreakerConfig NO_BREAKER = CircuitBreakerConfig.builder().enabled(false).build();

    private static final SimulationTable TABLE = new SimulationTable(
            "Retry amplification: 10,000 calls, 1 per ms, full outage, http-api (3 attempts)",
            "scenario", "service budget", "global budget", "breaker", "calls", "downstream attempts",
            "amplification", "budget-exhausted", "rejected", "virtual s");

    @Test
    @Order(1)
    void withoutBudgetEveryCallMakesAllThreeAttempts() {
        Run run = simulate("no budget", RetryBudgetConfig.DISABLED, RetryBudgetConfig.DISABLED, NO_BREAKER,
                UNLIMITED_RETRIES_IN_FLIGHT);

        assertThat(run.amplification()).isBetween(2.9, 3.0);
        assertThat(run.statistics.count(Outcome.EXHAUSTED)).isEqualTo(CALLS);
    }

    @Test
    @Order(2)
    void serviceBudgetKeepsDownstreamLoadNearOnePointOneTimesTheCalls() {
        RetryBudgetConfig budget = httpApi().budget();
        Run run = simulate("service budget", budget, RetryBudgetConfig.DISABLED, NO_BREAKER, UNLIMITED_RETRIES_IN_FLIGHT);

        // ratio 0.1 per call, plus the full bucket a new budget starts with and the time-based trickle
        double allowance = (budget.burstCapacity() + budget.minRetriesPerSecond() * run.virtualSeconds()) / CALLS;
        assertThat(run.amplification()).isLessThanOrEqualTo(1 + budget.ratio() + allowance);
        assertThat(run.amplification()).isLessThan(1.11);
        assertThat(run.statistics.count(Outcome.BUDGET_EXHAUSTED)).isGreaterThan(CALLS * 8L / 10);
    }

    @Test
    @Order(3)
    void defaultGlobalBudgetOnTopOfServiceBudgetChangesNothing() {
        RetryBudgetConfig budget = httpApi().budget();
        Run serviceOnly = simulate(null, budget, RetryBudgetConfig.DISABLED, NO_BREAKER, UNLIMITED_RETRIES_IN_FLIGHT);
        Run both = simulate("service + global budget", budget, RetryBudgetConfig.GLOBAL_DEFAULT, NO_BREAKER,
                UNLIMITED_RETRIES_IN_FLIGHT);

        // the global default (ratio 0.2) is looser than the service's 0.1, so the service budget binds alone
        assertThat(both.downstream).isEqualTo(serviceOnly.downstream);
    }

    @Test
    @Order(4)
    void defaultGlobalRetryLimitAloneCapsRetriesInFlight() {
        Run run = simulate("no budget, 100 retries in flight", RetryBudgetConfig.DISABLED, RetryBudgetConfig.DISABLED,
                NO_BREAKER, 100);

        assertThat(run.amplification()).isLessThan(1.5);
    }

    @Test
    @Order(5)
    void breakerCutsDownstreamLoadOnTopOfAnyBudget() {
        CircuitBreakerConfig breaker = httpApi().circuitBreaker();
        Run unbudgeted = simulate("no budget", RetryBudgetConfig.DISABLED, RetryBudgetConfig.DISABLED, breaker,
                UNLIMITED_RETRIES_IN_FLIGHT);
        Run budgeted = simulate("service budget", httpApi().budget(), RetryBudgetConfig.DISABLED, breaker,
                UNLIMITED_RETRIES_IN_FLIGHT);

        // the breaker opens within its first window and stays open past the 10 s run (30 s wait in open)
        assertThat(unbudgeted.downstream).isLessThan(CALLS / 100);
        assertThat(budgeted.downstream).isLessThan(CALLS / 100);
        assertThat(unbudgeted.statistics.count(Outcome.REJECTED)).isGreaterThan(CALLS * 99L / 100);
    }

    @AfterAll
    static void printTable() {
        TABLE.print();
    }

    private static ServicePolicy httpApi() {
        return TemplateRegistry.builtIn().resolve("http-api");
    }

    /** Runs the outage; {@code label} null keeps the run out of the printed table. */
    private static Run simulate(String label, RetryBudgetConfig serviceBudget, RetryBudgetConfig globalBudget,
                                CircuitBreakerConfig breaker, int maxRetriesInFlight) {
        ManualClock clock = new ManualClock();
        ServicePolicy policy = httpApi().toBuilder().budget(serviceBudget).circuitBreaker(breaker)
                .bulkhead(WIDE_BULKHEAD).build();
        try (ServiceRegistry registry = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock)
                .random(new Random(SEED)).globalBudget(globalBudget).maxConcurrentRetries(maxRetriesInFlight).build()) {
            GuardedService service = registry.register("downstream", policy);
            AtomicLong downstream = new AtomicLong();
            Supplier<CompletionStage<String>> outage = () -> {
                downstream.incrementAndGet();
                return CompletableFuture.failedFuture(new IOException("connection refused"));
            };
            List<CompletableFuture<String>> calls = new ArrayList<>(CALLS);
            for (int i = 0; i < CALLS; i++) {
                calls.add(service.callAsync(outage));
                clock.advanceMillis(1);
            }
            clock.runAll();

            assertThat(calls).allMatch(CompletableFuture::isCompletedExceptionally);
            ServiceStatistics statistics = service.statistics();
            assertThat(statistics.calls()).isEqualTo(CALLS);
            assertThat(statistics.attempts()).isEqualTo(downstream.get());
            Run run = new Run(statistics, downstream.get(), clock.nanoTime() / 1e9);
            if (label != null) {
                TABLE.row(label, describe(serviceBudget), describe(globalBudget), breaker.enabled() ? "on" : "off",
                        CALLS, run.downstream, SimulationTable.fixed(run.amplification(), 3),
                        statistics.count(Outcome.BUDGET_EXHAUSTED), statistics.count(Outcome.REJECTED),
                        SimulationTable.fixed(run.virtualSeconds(), 1));
            }
            return run;
        }
    }

    private static String describe(RetryBudgetConfig budget) {
        return budget.enabled()
                ? "ratio " + budget.ratio() + ", burst " + budget.burstCapacity() + ", " + budget.minRetriesPerSecond() + "/s"
                : "disabled";
    }

    private record Run(ServiceStatistics statistics, long downstream, double virtualSeconds) {
        double amplification() {
            return (double) downstream / CALLS;
        }
    }
}
