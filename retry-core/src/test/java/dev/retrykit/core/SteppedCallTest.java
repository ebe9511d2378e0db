package dev.retrykit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.core.breaker.CircuitBreakerConfig;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.bulkhead.BulkheadConfig;
import dev.retrykit.core.shed.LoadSheddingConfig;
import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A call driven step by step, as a reactive adapter drives it: the same gates, decisions and ending as callAsync. */
class SteppedCallTest {

    private final ManualClock clock = new ManualClock();
    private final ServiceRegistry registry = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock)
            .maxConcurrentRetries(5).build();

    @AfterEach
    void close() {
        registry.close();
    }

    private GuardedService service(ServicePolicy.Builder policy) {
        return registry.register("stepped", policy.build());
    }

    private static ServicePolicy.Builder retrying() {
        return ServicePolicy.builder().strategy("fixed").baseDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofSeconds(1))
                .maxAttempts(3).retryOn(IOException.class);
    }

    @Test
    void aFailedAttemptIsRetriedAfterTheBackoffDelayAndTheCallEndsWithTheNextSuccess() {
        GuardedService service = service(retrying());
        SteppedCall<String> call = service.steppedCall(CallOptions.DEFAULT);

        assertThat(call.admit()).isTrue();
        SteppedCall<String>.Attempt first = call.nextAttempt();
        first.bodyEnded();
        long delay = first.failed(new IOException("down"));
        assertThat(delay).isEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(registry.globalRetryLimit().inFlight()).as("a retry in flight holds a global slot").isEqualTo(1);
        SteppedCall<String>.Attempt second = call.nextAttempt();
        assertThat(second.number()).isEqualTo(2);
        second.bodyEnded();

        assertThat(second.succeeded("ok")).isEqualTo(SteppedCall.ENDED);
        assertThat(call.result()).isEqualTo("ok");
        assertThat(service.statistics().count(Outcome.SUCCESS_AFTER_RETRY)).isEqualTo(1);
        assertThat(service.statistics().retries()).isEqualTo(1);
        assertThat(registry.globalRetryLimit().inFlight()).isZero();
    }

    @Test
    void theLastFailureIsThrownWithEarlierOnesSuppressedWhenAttemptsRunOut() {
        GuardedService service = service(retrying());
        SteppedCall<String> call = service.steppedCall(CallOptions.DEFAULT);
        call.admit();
        List<IOException> failures = List.of(new IOException("1"), new IOException("2"), new IOException("3"));

        long next = 0;
        for (IOException failure : failures) {
            SteppedCall<String>.Attempt attempt = call.nextAttempt();
            attempt.bodyEnded();
            next = attempt.failed(failure);
        }

        assertThat(next).isEqualTo(SteppedCall.ENDED);
        assertThatThrownBy(call::result).isSameAs(failures.get(2))
                .satisfies(error -> assertThat(error.getSuppressed()).containsExactly(failures.get(0), failures.get(1)));
        assertThat(service.statistics().count(Outcome.EXHAUSTED)).isEqualTo(1);
    }

    @Test
    void aFallbackServesTheCallThatRanOutAndItsValueIsReturnedAsGiven() {
        GuardedService service = service(retrying().maxAttempts(1));
        CallOptions options = CallOptions.builder().fallback(failure -> "fallback:" + failure.getMessage(), List.of()).build();
        SteppedCall<String> call = service.steppedCall(options);
        call.admit();
        SteppedCall<String>.Attempt attempt = call.nextAttempt();
        attempt.bodyEnded();

        attempt.failed(new IOException("down"));

        assertThat(call.result()).isEqualTo("fallback:down");
        assertThat(service.statistics().count(Outcome.FALLBACK)).isEqualTo(1);
    }

    @Test
    void aFullBulkheadRejectsTheFirstAttemptAndEndsTheRetriesAfterIt() {
        GuardedService service = service(retrying().bulkhead(new BulkheadConfig(1, Duration.ZERO)));
        SteppedCall<String> holder = service.steppedCall(CallOptions.DEFAULT);
        holder.admit();
        SteppedCall<String>.Attempt holding = holder.nextAttempt();
        SteppedCall<String> refused = service.steppedCall(CallOptions.DEFAULT);
        refused.admit();

        assertThat(refused.nextAttempt()).isNull();
        assertThatThrownBy(refused::result).isInstanceOf(BulkheadFullException.class);

        assertThat(holding.failed(new IOException("down"))).as("the permit is held until the body ends").isPositive();
        SteppedCall<String> third = service.steppedCall(CallOptions.DEFAULT);
        third.admit();
        assertThat(third.nextAttempt()).isNull();
        holding.bodyEnded();
        holding.bodyEnded();
        assertThat(service.bulkhead().availableCalls()).as("given back exactly once").isEqualTo(1);
        assertThat(service.statistics().count(Outcome.REJECTED)).isEqualTo(2);
    }

    @Test
    void anOpenBreakerRefusesTheRetryAndTheCallEndsWithTheLastFailure() {
        GuardedService service = service(retrying());
        SteppedCall<String> call = service.steppedCall(CallOptions.DEFAULT);
        call.admit();
        SteppedCall<String>.Attempt first = call.nextAttempt();
        first.bodyEnded();
        IOException down = new IOException("down");
        first.failed(down);
        service.circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);

        assertThat(call.nextAttempt()).isNull();

        assertThatThrownBy(call::result).isSameAs(down)
                .satisfies(error -> assertThat(error.getSuppressed()).hasAtLeastOneElementOfType(CircuitOpenException.class));
        assertThat(service.statistics().count(Outcome.EXHAUSTED)).isEqualTo(1);
        assertThat(registry.globalRetryLimit().inFlight()).isZero();
    }

    @Test
    void cancellingGivesBackEveryPermitAndRecordsCancelled() {
        GuardedService service = service(retrying().bulkhead(new BulkheadConfig(1, Duration.ZERO))
                .loadShedding(new LoadSheddingConfig(true, 1.0, false))
                .circuitBreaker(CircuitBreakerConfig.builder().halfOpenCalls(1).build()));
        service.circuitBreaker().transitionTo(CircuitState.HALF_OPEN);
        SteppedCall<String> call = service.steppedCall(CallOptions.DEFAULT);
        call.admit();
        SteppedCall<String>.Attempt attempt = call.nextAttempt();

        assertThat(call.cancel()).isTrue();
        attempt.abandoned();
        attempt.bodyEnded();

        assertThat(service.loadShedder().inFlight()).isZero();
        assertThat(service.bulkhead().availableCalls()).isEqualTo(1);
        assertThat(service.circuitBreaker().acquirePermission()).as("the half-open trial came back").isNotNegative();
        assertThat(service.statistics().count(Outcome.CANCELLED)).isEqualTo(1);
        assertThat(call.cancel()).isFalse();
        assertThat(attempt.succeeded("late")).isEqualTo(SteppedCall.ENDED);
        assertThatThrownBy(call::result).isInstanceOf(CancellationException.class);
        assertThat(service.statistics().calls()).as("counted once").isEqualTo(1);
    }

    @Test
    void cancellingDuringTheBackoffGivesBackTheGlobalRetrySlot() {
        GuardedService service = service(retrying());
        SteppedCall<String> call = service.steppedCall(CallOptions.DEFAULT);
        call.admit();
        SteppedCall<String>.Attempt first = call.nextAttempt();
        first.bodyEnded();
        assertThat(first.failed(new IOException("down"))).isPositive();

        call.cancel();

        assertThat(registry.globalRetryLimit().inFlight()).isZero();
        assertThat(call.nextAttempt()).isNull();
        assertThat(service.statistics().count(Outcome.CANCELLED)).isEqualTo(1);
    }

    @Test
    void theAttemptTimeoutIsThePerAttemptLimitCappedByTheRemainingDeadline() {
        GuardedService service = service(retrying().timeout(new TimeoutConfig(Duration.ofMillis(300),
                Duration.ofMillis(500), false)));
        SteppedCall<String> call = service.steppedCall(CallOptions.DEFAULT);
        call.admit();
        SteppedCall<String>.Attempt first = call.nextAttempt();
        assertThat(first.timeout()).isEqualTo(Duration.ofMillis(300));
        clock.advanceMillis(300);
        first.bodyEnded();

        long delay = first.failed(first.timedOut());

        assertThat(delay).as("a retry 1 s later would pass the 500 ms deadline").isEqualTo(SteppedCall.ENDED);
        assertThatThrownBy(call::result).isInstanceOf(AttemptTimeoutException.class);
        assertThat(service.statistics().count(Outcome.EXHAUSTED)).isEqualTo(1);
    }

    @Test
    void aCallOverTheConcurrencyLimitIsShedAtAdmission() {
        GuardedService service = service(retrying().loadShedding(new LoadSheddingConfig(true, 1.0, true)));
        int limit = service.loadShedder().limit();
        for (int i = 0; i < limit; i++) {
            assertThat(service.steppedCall(CallOptions.DEFAULT).admit()).isTrue();
        }
        SteppedCall<String> call = service.steppedCall(CallOptions.DEFAULT);

        assertThat(call.admit()).isFalse();

        assertThatThrownBy(call::result).isInstanceOf(LoadShedException.class);
        assertThat(call.nextAttempt()).isNull();
        assertThat(service.statistics().count(Outcome.REJECTED)).isEqualTo(1);
        assertThat(service.loadShedder().inFlight()).isEqualTo(limit);
    }

    @Test
    void theResultIsNotThereBeforeTheCallEnded() {
        SteppedCall<String> call = service(retrying()).steppedCall(CallOptions.DEFAULT);
        call.admit();

        assertThatThrownBy(call::result).isInstanceOf(IllegalStateException.class);
    }
}
