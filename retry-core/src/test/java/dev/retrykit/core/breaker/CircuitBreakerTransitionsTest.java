package dev.retrykit.core.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.time.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a breaker tells about its past: the recent transitions and, while OPEN, when it opened and when it probes. */
class CircuitBreakerTransitionsTest {

    private static final long FAST = Duration.ofMillis(10).toNanos();

    private final ManualClock clock = new ManualClock();

    /** Count window of 10, 5 minimum calls, 50 % failure threshold, 10 s open (max 40 s), 1 trial, 30 s half-open. */
    private CircuitBreaker breaker() {
        return new CircuitBreaker("payments", CircuitBreakerConfig.builder()
                .slidingWindowType(SlidingWindowType.COUNT)
                .slidingWindowSize(10)
                .minimumCalls(5)
                .failureRateThreshold(50)
                .waitInOpen(Duration.ofSeconds(10))
                .maxWaitInOpen(Duration.ofSeconds(40))
                .maxTimeInHalfOpen(Duration.ofSeconds(30))
                .halfOpenCalls(1)
                .build(), clock, null);
    }

    private static void fail(CircuitBreaker breaker, int failures) {
        for (int i = 0; i < failures; i++) {
            breaker.onError(FAST);
        }
    }

    @Test
    void noTransitionAndNoOpenPeriodBeforeTheFirstChange() {
        CircuitBreaker breaker = breaker();

        assertThat(breaker.recentTransitions()).isEmpty();
        assertThat(breaker.openPeriod()).isEmpty();
    }

    @Test
    void openPeriodTellsWhenTheBreakerOpenedAndWhenTheWaitEnds() {
        CircuitBreaker breaker = breaker();
        clock.advanceMillis(1_500);
        long openedAt = clock.currentTimeMillis();

        fail(breaker, 5);

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.openPeriod()).contains(new OpenPeriod(openedAt, openedAt + 10_000));
        clock.advanceMillis(4_000);
        assertThat(breaker.openPeriod()).as("the period does not move while the breaker waits")
                .contains(new OpenPeriod(openedAt, openedAt + 10_000));
    }

    @Test
    void aRepeatedTripDoublesTheWaitUntilTheNextTrial() {
        CircuitBreaker breaker = breaker();
        fail(breaker, 5);
        clock.advanceMillis(10_000);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.openPeriod()).as("HALF_OPEN is not open").isEmpty();
        clock.advanceMillis(200);
        long reopenedAt = clock.currentTimeMillis();

        breaker.onError(FAST);

        assertThat(breaker.openPeriod()).contains(new OpenPeriod(reopenedAt, reopenedAt + 20_000));
    }

    @Test
    void aHalfOpenPeriodThatRanOutOfTimeIsDatedWhenItsTimeRanOut() {
        CircuitBreaker breaker = breaker();
        fail(breaker, 5);
        clock.advanceMillis(10_000);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        long halfOpenAt = clock.currentTimeMillis();
        clock.advanceMillis(35_000);

        assertThat(breaker.tryAcquirePermission()).isFalse();

        long expiredAt = halfOpenAt + 30_000;
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.openPeriod()).contains(new OpenPeriod(expiredAt, expiredAt + 20_000));
        assertThat(breaker.recentTransitions().get(0))
                .isEqualTo(new StateTransition(CircuitState.HALF_OPEN, CircuitState.OPEN, expiredAt));
    }

    @Test
    void forcedOpenHasNoOpenPeriod() {
        CircuitBreaker breaker = breaker();

        breaker.transitionTo(CircuitState.FORCED_OPEN);

        assertThat(breaker.openPeriod()).isEmpty();
    }

    @Test
    void recentTransitionsAreNewestFirstWithTheirWallClockTime() {
        CircuitBreaker breaker = breaker();
        long start = clock.currentTimeMillis();
        fail(breaker, 5);
        clock.advanceMillis(10_000);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        clock.advanceMillis(50);
        breaker.onSuccess(FAST);

        assertThat(breaker.recentTransitions()).containsExactly(
                new StateTransition(CircuitState.HALF_OPEN, CircuitState.CLOSED, start + 10_050),
                new StateTransition(CircuitState.OPEN, CircuitState.HALF_OPEN, start + 10_000),
                new StateTransition(CircuitState.CLOSED, CircuitState.OPEN, start));
    }

    @Test
    void recentTransitionsKeepOnlyTheLastTwentyAndNoRejectionPushesThemOut() {
        CircuitBreaker breaker = breaker();
        for (int i = 0; i < 25; i++) {
            clock.advanceMillis(1_000);
            breaker.transitionTo(i % 2 == 0 ? CircuitState.FORCED_OPEN : CircuitState.CLOSED);
        }
        for (int i = 0; i < 1_000; i++) {
            assertThat(breaker.tryAcquirePermission()).isFalse();
        }

        List<StateTransition> recent = breaker.recentTransitions();

        assertThat(recent).hasSize(CircuitBreaker.MAX_RECENT_TRANSITIONS);
        assertThat(recent.get(0)).isEqualTo(new StateTransition(CircuitState.CLOSED, CircuitState.FORCED_OPEN,
                clock.currentTimeMillis()));
        assertThat(recent.get(19).epochMillis()).isEqualTo(clock.currentTimeMillis() - 19_000);
    }
}
