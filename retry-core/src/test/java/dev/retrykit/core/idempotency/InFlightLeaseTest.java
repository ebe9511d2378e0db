package dev.retrykit.core.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.core.time.ManualClock;
import dev.retrykit.core.time.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** In-flight claims are leases: renewed by a live owner, free one lease after the owner died. */
class InFlightLeaseTest {

    private static final Duration TTL = Duration.ofHours(24);
    private static final Duration LEASE = Duration.ofSeconds(30);
    /** A dead process renews nothing. */
    private static final Scheduler NEVER = (task, delayNanos) -> () -> true;

    private final ManualClock clock = new ManualClock();
    private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(clock);

    private IdempotentCalls calls(Scheduler renewals) {
        return new IdempotentCalls(store, clock, clock, TTL, Duration.ZERO, LEASE, renewals);
    }

    @Test
    void aKeyWhoseOwnerDiedIsFreeAfterOneLeaseNotAfterTheResultTtl() {
        // the owner claims, starts its call, and dies: its stage never completes and it never renews
        calls(NEVER).executeAsync("payments", "order-1", attempts -> new CompletableFuture<String>(), () -> true);
        AtomicInteger runs = new AtomicInteger();
        IdempotentCalls survivor = calls(clock);

        clock.advanceMillis(LEASE.toMillis() - 1);
        assertThatThrownBy(() -> survivor.execute("payments", "order-1", () -> "charged-" + runs.incrementAndGet()))
                .isInstanceOf(DuplicateCallException.class);
        clock.advanceMillis(1);
        String charged = survivor.execute("payments", "order-1", () -> "charged-" + runs.incrementAndGet());

        assertThat(charged).isEqualTo("charged-1");
        assertThat(runs).hasValue(1);
    }

    @Test
    void aLiveOwnerRenewsItsLeaseWhileTheCallRunsAndStopsOnceTheResultIsStored() {
        IdempotentCalls owner = calls(clock);
        CompletableFuture<String> running = new CompletableFuture<>();
        CompletableFuture<String> call = owner.executeAsync("payments", "order-2", attempts -> running, () -> true);
        IdempotentCalls other = calls(clock);

        clock.advanceMillis(LEASE.toMillis() * 5);
        assertThatThrownBy(() -> other.execute("payments", "order-2", () -> "twice"))
                .isInstanceOf(DuplicateCallException.class);
        running.complete("charged");
        clock.advanceMillis(LEASE.toMillis() * 2);

        assertThat(call).isCompletedWithValue("charged");
        assertThat(other.execute("payments", "order-2", () -> "twice")).isEqualTo("charged");
        assertThat(clock.pendingTasks()).as("renewal cancelled once the result is stored").isZero();
    }

    @Test
    void aFailedCallStopsRenewingAndFreesItsKey() {
        IdempotentCalls owner = calls(clock);
        assertThatThrownBy(() -> owner.execute("payments", "order-3", () -> {
            clock.advanceMillis(LEASE.toMillis() * 3);
            throw new IOException("declined");
        })).isInstanceOf(IOException.class);

        assertThat(clock.pendingTasks()).isZero();
        assertThat(owner.execute("payments", "order-3", () -> "charged")).isEqualTo("charged");
    }

    @Test
    void aBodyStillRunningAfterItsCallFailedKeepsRenewingUntilItReturns() {
        IdempotentCalls owner = calls(clock);
        CompletableFuture<String> abandoned = new CompletableFuture<>();
        CompletableFuture<String> call = owner.executeAsync("payments", "order-4", attempts -> {
            attempts.holdingKeyAsync(() -> abandoned).get();
            return CompletableFuture.failedFuture(new IOException("timed out"));
        }, () -> true);

        clock.advanceMillis(LEASE.toMillis() * 4);
        assertThat(call).isCompletedExceptionally();
        assertThatThrownBy(() -> calls(clock).execute("payments", "order-4", () -> "twice"))
                .isInstanceOf(DuplicateCallException.class);
        abandoned.complete("late");

        assertThat(clock.pendingTasks()).isZero();
        assertThat(calls(clock).execute("payments", "order-4", () -> "retried")).isEqualTo("retried");
    }

    @Test
    void aLeaseThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new IdempotentCalls(store, clock, clock, TTL, Duration.ZERO, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease");
    }
}
