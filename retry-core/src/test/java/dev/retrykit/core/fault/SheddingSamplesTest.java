package dev.retrykit.core.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.budget.RetryBudgetConfig;
import dev.retrykit.core.shed.LoadSheddingConfig;
import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The adaptive load shedder learns from attempt round trips only (PRODUCT §7b; issue 10 item 9). A healthy service
 * answers every attempt in 1 ms while a third of its calls wait a 1 s backoff before their second attempt: fed the
 * round trips it keeps its limit, while fed whole calls it would take the backoff for latency (1,002 ms beside 1 ms),
 * shrink its limit and shed the healthy service's calls.
 */
class SheddingSamplesTest {

    private static final int ROUNDS = 40;
    private static final int PER_GROUP = 6;

    private final ManualClock clock = new ManualClock();
    private ServiceRegistry registry;

    @AfterEach
    void close() {
        registry.close();
    }

    /** One attempt of a call, completed by the test one virtual millisecond after it started. */
    private record Pending(CompletableFuture<String> future, boolean fails) {
    }

    @Test
    void backoffSleepsAreNeverTakenForDependencyLatency() {
        registry = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock)
                .globalBudget(RetryBudgetConfig.DISABLED).build();
        GuardedService service = registry.register("healthy", ServicePolicy.builder().strategy("fixed")
                .baseDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofSeconds(1)).maxAttempts(2)
                .retryOn(IOException.class).budget(RetryBudgetConfig.DISABLED)
                .loadShedding(new LoadSheddingConfig(true, 1.0, true)).build());
        int initialLimit = service.loadShedder().limit();
        List<Pending> pending = new ArrayList<>();
        List<CompletableFuture<String>> calls = new ArrayList<>();

        for (int round = 0; round < ROUNDS; round++) {
            // the retries of the last round's failed calls started as the clock reached this round
            for (int i = 0; i < PER_GROUP; i++) {
                calls.add(service.callAsync(attempts(pending, true)));
                calls.add(service.callAsync(attempts(pending, false)));
            }
            clock.advanceMillis(1);
            // successes first, while the service is busy enough for the limit to adapt
            pending.stream().filter(attempt -> !attempt.fails()).forEach(attempt -> attempt.future().complete("ok"));
            pending.stream().filter(Pending::fails)
                    .forEach(attempt -> attempt.future().completeExceptionally(new IOException("first attempt fails")));
            pending.clear();
            clock.advanceMillis(1000);
        }
        clock.advanceMillis(1);
        pending.forEach(attempt -> attempt.future().complete("ok"));

        assertThat(service.loadShedder().shed()).isZero();
        assertThat(service.loadShedder().limit()).isGreaterThanOrEqualTo(initialLimit);
        assertThat(calls).allSatisfy(call -> assertThat(call).isCompletedWithValue("ok"));
        assertThat(service.statistics().count(Outcome.SUCCESS_AFTER_RETRY)).isEqualTo((long) ROUNDS * PER_GROUP);
        assertThat(service.loadShedder().inFlight()).isZero();
    }

    /** A call whose first attempt fails when {@code failsFirst}; every attempt is left to the test to complete. */
    private static Supplier<CompletionStage<String>> attempts(List<Pending> pending, boolean failsFirst) {
        int[] attempt = {0};
        return () -> {
            CompletableFuture<String> future = new CompletableFuture<>();
            pending.add(new Pending(future, failsFirst && ++attempt[0] == 1));
            return future;
        };
    }
}
