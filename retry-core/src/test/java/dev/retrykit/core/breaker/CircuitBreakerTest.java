package dev.retrykit.core.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final long FAST = Duration.ofMillis(10).toNanos();
    private static final long SLOW = Duration.ofSeconds(2).toNanos();

    private final ManualClock clock = new ManualClock();
    private final List<String> transitions = new ArrayList<>();

    /** Count window of 10, 5 minimum calls, 50 % thresholds, slow from 1 s, 10 s open (max 40 s), 2 trials. */
    private static CircuitBreakerConfig.Builder config() {
        return CircuitBreakerConfig.builder()
                .slidingWindowType(SlidingWindowType.COUNT)
                .slidingWindowSize(10)
                .minimumCalls(5)
                .failureRateThreshold(50)
                .slowCallDuration(Duration.ofSeconds(1))
                .slowCallRateThreshold(50)
                .waitInOpen(Duration.ofSeconds(10))
                .maxWaitInOpen(Duration.ofSeconds(40))
                .halfOpenCalls(2);
    }

    private CircuitBreaker breaker(CircuitBreakerConfig config) {
        return new CircuitBreaker("payments", config, clock,
                (name, from, to) -> transitions.add(name + ":" + from + "->" + to));
    }

    private static void record(CircuitBreaker breaker, int successes, int failures) {
        for (int i = 0; i < successes; i++) {
            breaker.onSuccess(FAST);
        }
        for (int i = 0; i < failures; i++) {
            breaker.onError(FAST);
        }
    }

    private CircuitBreaker openBreaker(CircuitBreakerConfig config) {
        CircuitBreaker breaker = breaker(config);
        record(breaker, 0, 5);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        return breaker;
    }

    private static void halfOpen(CircuitBreaker breaker, ManualClock clock) {
        clock.advanceNanos(breaker.remainingOpenNanos());
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    }

    @Test
    void lateOutcomesOfCallsAdmittedBeforeHalfOpenNeitherCountAsTrialsNorAddPermits() {
        CircuitBreaker breaker = breaker(config().halfOpenCalls(1).build());
        int admittedWhileClosed = breaker.acquirePermission();
        record(breaker, 0, 5);
        halfOpen(breaker, clock);

        breaker.onSuccess(FAST, admittedWhileClosed);
        breaker.releasePermission(admittedWhileClosed);
        breaker.onError(FAST, admittedWhileClosed);

        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.acquirePermission()).isEqualTo(CircuitBreaker.NOT_PERMITTED);
        breaker.onSuccess(FAST, breaker.generation());
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void acquirePermissionReturnsThePeriodOfTheStateThatGrantedIt() {
        CircuitBreaker breaker = breaker(config().build());
        int closedPeriod = breaker.acquirePermission();
        assertThat(closedPeriod).isEqualTo(breaker.generation()).isNotNegative();

        breaker.transitionTo(CircuitState.OPEN);
        assertThat(breaker.acquirePermission()).isEqualTo(CircuitBreaker.NOT_PERMITTED);
        clock.advanceNanos(breaker.remainingOpenNanos());
        int trialPeriod = breaker.acquirePermission();

        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(trialPeriod).isEqualTo(breaker.generation()).isNotEqualTo(closedPeriod);
    }

    @Test
    void aSuccessAdmittedWhileClosedNeitherConsumesNorClosesTheHalfOpenPeriodAfterIt() {
        CircuitBreaker breaker = breaker(config().build());
        int admittedWhileClosed = breaker.acquirePermission();
        breaker.transitionTo(CircuitState.OPEN);
        clock.advanceNanos(breaker.remainingOpenNanos());
        int firstTrial = breaker.acquirePermission();
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);

        breaker.onSuccess(FAST, admittedWhileClosed);
        breaker.onSuccess(FAST, firstTrial);

        // two trials decide: had the late success counted, the first trial's success would have closed the breaker
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        int secondTrial = breaker.acquirePermission();
        assertThat(secondTrial).isEqualTo(firstTrial);
        assertThat(breaker.acquirePermission()).isEqualTo(CircuitBreaker.NOT_PERMITTED);
        breaker.onSuccess(FAST, secondTrial);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void aFastSuccessOfAnEarlierClosedPeriodIsNotCountedInTheNewWindow() {
        CircuitBreaker breaker = breaker(config().build());
        int admittedBeforeReset = breaker.acquirePermission();
        breaker.transitionTo(CircuitState.FORCED_OPEN);
        breaker.transitionTo(CircuitState.CLOSED);

        breaker.onSuccess(FAST, admittedBeforeReset);

        assertThat(breaker.metrics().bufferedCalls()).isZero();
    }

    @Test
    void opensWhenFailureRateReachesThreshold() {
        CircuitBreaker breaker = breaker(config().build());
        record(breaker, 2, 2);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);

        breaker.onError(FAST);

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(transitions).containsExactly("payments:CLOSED->OPEN");
    }

    @Test
    void staysClosedBelowFailureRateThreshold() {
        CircuitBreaker breaker = breaker(config().build());
        record(breaker, 6, 4);

        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.metrics().failureRate()).isEqualTo(0.4);
    }

    @Test
    void staysClosedUntilMinimumCallsAreBuffered() {
        CircuitBreaker breaker = breaker(config().build());
        record(breaker, 0, 4);

        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        CircuitBreakerMetrics metrics = breaker.metrics();
        assertThat(metrics.failureRate()).isEqualTo(1.0);
        assertThat(metrics.bufferedCalls()).isEqualTo(4);
        assertThat(metrics.failedCalls()).isEqualTo(4);
    }

    @Test
    void opensOnTheSuccessThatCompletesMinimumCallsWhenRateIsOverThreshold() {
        CircuitBreaker breaker = breaker(config().build());
        record(breaker, 0, 3);
        breaker.onSuccess(FAST);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);

        breaker.onSuccess(FAST);

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void countWindowForgetsCallsOlderThanItsSize() {
        CircuitBreaker breaker = breaker(config().build());
        record(breaker, 6, 4);
        record(breaker, 10, 0);
        assertThat(breaker.metrics().failedCalls()).isZero();
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(10);

        record(breaker, 0, 4);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        breaker.onError(FAST);

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.metrics().failureRate()).isEqualTo(0.5);
    }

    @Test
    void countWindowSlidesOneCallAtATime() {
        CircuitBreaker breaker = breaker(config().failureRateThreshold(100).build());
        record(breaker, 0, 3);
        record(breaker, 7, 0);
        assertThat(breaker.metrics().failedCalls()).isEqualTo(3);

        breaker.onSuccess(FAST);
        assertThat(breaker.metrics().failedCalls()).isEqualTo(2);
        breaker.onSuccess(FAST);
        breaker.onSuccess(FAST);
        assertThat(breaker.metrics().failedCalls()).isZero();
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(10);
    }

    @Test
    void minimumCallsAboveCountWindowSizeIsCappedAtTheSize() {
        CircuitBreaker breaker = breaker(config().slidingWindowSize(4).minimumCalls(20).build());
        record(breaker, 0, 4);

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void timeWindowBuffersCallsOfEverySecondInTheWindow() {
        CircuitBreaker breaker = breaker(config().slidingWindowType(SlidingWindowType.TIME).build());
        for (int second = 0; second < 4; second++) {
            breaker.onError(FAST);
            clock.advanceMillis(1_000);
        }
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(4);

        breaker.onError(FAST);

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void timeWindowForgetsCallsOlderThanItsSeconds() {
        CircuitBreaker breaker = breaker(config().slidingWindowType(SlidingWindowType.TIME).build());
        record(breaker, 5, 2);
        clock.advanceMillis(9_999);
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(7);

        clock.advanceMillis(1);
        assertThat(breaker.metrics().bufferedCalls()).isZero();
        record(breaker, 5, 1);

        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.metrics().failedCalls()).isEqualTo(1);
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(6);
    }

    @Test
    void timeWindowCountsEachSecondInItsOwnBucket() {
        CircuitBreaker breaker = breaker(config().slidingWindowType(SlidingWindowType.TIME).slidingWindowSize(3)
                .build());
        record(breaker, 2, 0);
        clock.advanceMillis(1_000);
        record(breaker, 3, 1);
        clock.advanceMillis(2_000);

        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(4);
        assertThat(breaker.metrics().failedCalls()).isEqualTo(1);
    }

    @Test
    void timeWindowOpensAtTheNextPermissionRequestOnceSuccessesLeaveAndTheRemainingFailuresReachTheThreshold() {
        CircuitBreaker breaker = breaker(config().slidingWindowType(SlidingWindowType.TIME).build());
        record(breaker, 5, 0);
        clock.advanceMillis(5_000);
        record(breaker, 3, 5);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        clock.advanceMillis(4_999);
        assertThat(breaker.tryAcquirePermission()).isTrue();

        // the first five successes leave the window: 5 of the 8 calls left failed, 62.5 %
        clock.advanceMillis(1);

        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.metrics().failureRate()).isEqualTo(0.625);
        assertThat(transitions).containsExactly("payments:CLOSED->OPEN");
    }

    @Test
    void timeWindowStaysClosedWhenTheCallsLeavingItAreFailures() {
        CircuitBreaker breaker = breaker(config().slidingWindowType(SlidingWindowType.TIME).build());
        record(breaker, 0, 2);
        clock.advanceMillis(5_000);
        record(breaker, 6, 2);
        clock.advanceMillis(5_000);

        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.metrics().failureRate()).isEqualTo(0.25);
    }

    @Test
    void timeWindowReEvaluatesAtEveryBoundaryWhileFailedCallsRemain() {
        CircuitBreaker breaker = breaker(config().slidingWindowType(SlidingWindowType.TIME).build());
        record(breaker, 2, 0);
        clock.advanceMillis(1_000);
        record(breaker, 2, 0);
        clock.advanceMillis(1_000);
        record(breaker, 2, 3);
        // 3 of 9 failed; after 8 s the first two successes leave (3 of 7), after 9 s two more (3 of 5)
        clock.advanceMillis(8_000);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);

        clock.advanceMillis(1_000);

        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void slowSuccessesOpenWhenSlowCallRateReachesThreshold() {
        CircuitBreaker breaker = breaker(config().build());
        breaker.onSuccess(FAST);
        breaker.onSuccess(FAST);
        breaker.onSuccess(SLOW);
        breaker.onSuccess(SLOW);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.metrics().slowCallRate()).isEqualTo(0.5);

        breaker.onSuccess(SLOW);

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.metrics().slowCallRate()).isEqualTo(0.6);
        assertThat(breaker.metrics().failureRate()).isZero();
    }

    @Test
    void aCallExactlyAsLongAsTheSlowCallDurationIsSlow() {
        CircuitBreaker breaker = breaker(config().build());
        breaker.onSuccess(Duration.ofSeconds(1).toNanos());

        assertThat(breaker.metrics().slowCallRate()).isEqualTo(1.0);
    }

    @Test
    void rejectsCallsWhileOpenAndCountsThem() {
        CircuitBreaker breaker = openBreaker(config().build());

        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.tryAcquirePermission()).isFalse();

        assertThat(breaker.metrics().notPermittedCalls()).isEqualTo(2);
    }

    @Test
    void ignoresOutcomesArrivingWhileOpen() {
        CircuitBreaker breaker = openBreaker(config().build());
        record(breaker, 20, 0);

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(5);
    }

    @Test
    void movesToHalfOpenOnlyWhenAskedAfterTheWait() {
        CircuitBreaker breaker = openBreaker(config().build());
        assertThat(breaker.remainingOpenNanos()).isEqualTo(Duration.ofSeconds(10).toNanos());

        clock.advanceMillis(9_999);
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.remainingOpenNanos()).isEqualTo(Duration.ofMillis(1).toNanos());

        clock.advanceMillis(1);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.remainingOpenNanos()).isZero();
        assertThat(transitions).containsExactly("payments:CLOSED->OPEN", "payments:OPEN->HALF_OPEN");
    }

    @Test
    void admitsExactlyHalfOpenCallsTrials() {
        CircuitBreaker breaker = openBreaker(config().build());
        halfOpen(breaker, clock);

        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.tryAcquirePermission()).isFalse();
    }

    @Test
    void closesWithAFreshWindowWhenAllTrialsSucceed() {
        CircuitBreaker breaker = openBreaker(config().build());
        halfOpen(breaker, clock);
        breaker.tryAcquirePermission();

        breaker.onSuccess(FAST);
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        breaker.onSuccess(FAST);

        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.metrics().bufferedCalls()).isZero();
        assertThat(transitions).containsExactly("payments:CLOSED->OPEN", "payments:OPEN->HALF_OPEN",
                "payments:HALF_OPEN->CLOSED");
    }

    @Test
    void reopensWithDoubledWaitWhenATrialFails() {
        CircuitBreaker breaker = openBreaker(config().build());
        halfOpen(breaker, clock);

        breaker.onSuccess(FAST);
        breaker.onError(FAST);

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.remainingOpenNanos()).isEqualTo(Duration.ofSeconds(20).toNanos());
    }

    @Test
    void ratesAfterOpeningFollowTheHalfOpenTrials() {
        CircuitBreaker breaker = breaker(config().build());
        record(breaker, 5, 5);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.metrics().failureRate()).isEqualTo(0.5);

        halfOpen(breaker, clock);
        breaker.onError(FAST);                          // a failed trial: back to OPEN, and it shows

        CircuitBreakerMetrics afterFailedTrial = breaker.metrics();
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(afterFailedTrial.bufferedCalls()).isEqualTo(10);
        assertThat(afterFailedTrial.failedCalls()).isEqualTo(6);
        assertThat(afterFailedTrial.failureRate()).isEqualTo(0.6);

        halfOpen(breaker, clock);
        breaker.onSuccess(FAST);                        // one good trial of two: the last 10 calls judged
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(10);
        assertThat(breaker.metrics().failedCalls()).isEqualTo(6);
        breaker.onSuccess(FAST);                        // both trials good: closed, with a fresh window

        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.metrics().bufferedCalls()).isZero();
        assertThat(breaker.metrics().failureRate()).isZero();
    }

    @Test
    void ratesOfAnOpenTimeWindowFallAsItsCallsAge() {
        CircuitBreaker breaker = breaker(config().slidingWindowType(SlidingWindowType.TIME).slidingWindowSize(30)
                .waitInOpen(Duration.ofMinutes(1)).maxWaitInOpen(Duration.ofMinutes(2)).build());
        record(breaker, 4, 0);
        clock.advanceMillis(10_000);
        record(breaker, 0, 4);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.metrics().failureRate()).isEqualTo(0.5);

        clock.advanceMillis(25_000);                    // the successes of second 0 have left the 30 s window
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(4);
        assertThat(breaker.metrics().failureRate()).isEqualTo(1.0);

        clock.advanceMillis(10_000);                    // and now the failures too: nothing left to judge by
        assertThat(breaker.metrics().bufferedCalls()).isZero();
        assertThat(breaker.metrics().failureRate()).isZero();
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void doublingWaitStopsAtMaxWaitInOpen() {
        CircuitBreaker breaker = openBreaker(config().build());
        List<Long> waits = new ArrayList<>();
        for (int trip = 0; trip < 4; trip++) {
            halfOpen(breaker, clock);
            breaker.onError(FAST);
            waits.add(Duration.ofNanos(breaker.remainingOpenNanos()).toSeconds());
        }

        assertThat(waits).containsExactly(20L, 40L, 40L, 40L);
    }

    @Test
    void waitGoesBackToWaitInOpenAfterClosing() {
        CircuitBreaker breaker = openBreaker(config().build());
        halfOpen(breaker, clock);
        breaker.onError(FAST);
        halfOpen(breaker, clock);
        breaker.tryAcquirePermission();
        record(breaker, 2, 0);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);

        record(breaker, 0, 5);

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.remainingOpenNanos()).isEqualTo(Duration.ofSeconds(10).toNanos());
    }

    @Test
    void reopensWhenSlowTrialsReachSlowCallRateThreshold() {
        CircuitBreaker breaker = openBreaker(config().build());
        halfOpen(breaker, clock);

        breaker.onSuccess(SLOW);

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void releasedHalfOpenPermitCanBeTakenAgainWithoutRecording() {
        CircuitBreaker breaker = openBreaker(config().build());
        halfOpen(breaker, clock);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.tryAcquirePermission()).isFalse();

        breaker.releasePermission();

        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.tryAcquirePermission()).isFalse();
    }

    @Test
    void releaseNeverHandsOutMoreThanHalfOpenCallsPermits() {
        CircuitBreaker breaker = openBreaker(config().build());
        halfOpen(breaker, clock);
        breaker.releasePermission();
        breaker.releasePermission();
        breaker.releasePermission();

        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.tryAcquirePermission()).isFalse();
    }

    @Test
    void aHalfOpenBreakerWhoseTrialsNeverAnswerStillAdmitsATrialADayLater() {
        CircuitBreaker breaker = openBreaker(config().build());
        halfOpen(breaker, clock);
        assertThat(breaker.tryAcquirePermission()).isTrue();

        clock.advanceMillis(Duration.ofHours(24).toMillis());

        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
    }

    @Test
    void aHalfOpenPeriodWithoutVerdictWithinMaxTimeInHalfOpenFailsLikeAFailedTrial() {
        CircuitBreaker breaker = openBreaker(config().build());
        clock.advanceNanos(breaker.remainingOpenNanos());
        int silentTrial = breaker.acquirePermission();
        assertThat(breaker.acquirePermission()).isEqualTo(silentTrial);
        clock.advanceMillis(59_999);
        assertThat(breaker.acquirePermission()).isEqualTo(CircuitBreaker.NOT_PERMITTED);
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);

        clock.advanceMillis(1);

        assertThat(breaker.acquirePermission()).isEqualTo(CircuitBreaker.NOT_PERMITTED);
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.remainingOpenNanos()).isEqualTo(Duration.ofSeconds(20).toNanos());
        assertThat(transitions).endsWith("payments:OPEN->HALF_OPEN", "payments:HALF_OPEN->OPEN");

        clock.advanceMillis(20_000);
        int freshTrial = breaker.acquirePermission();
        assertThat(freshTrial).isNotEqualTo(CircuitBreaker.NOT_PERMITTED).isNotEqualTo(silentTrial);
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        breaker.onSuccess(FAST, silentTrial);
        breaker.releasePermission(silentTrial);
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.acquirePermission()).isEqualTo(freshTrial);
        assertThat(breaker.acquirePermission()).isEqualTo(CircuitBreaker.NOT_PERMITTED);
    }

    @Test
    void aVerdictArrivingAfterMaxTimeInHalfOpenIsIgnoredAndThePeriodFails() {
        CircuitBreaker breaker = openBreaker(config().maxTimeInHalfOpen(Duration.ofSeconds(5)).build());
        clock.advanceNanos(breaker.remainingOpenNanos());
        int lateTrial = breaker.acquirePermission();
        clock.advanceMillis(6_000);

        breaker.onSuccess(FAST, lateTrial);

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
        // the period failed when its 5 s ran out; the doubled wait of 20 s runs from then
        assertThat(breaker.remainingOpenNanos()).isEqualTo(Duration.ofSeconds(19).toNanos());
    }

    @Test
    void aPeriodThatTimedOutLongAgoHalfOpensAgainAtOnceWithFreshPermits() {
        CircuitBreaker breaker = openBreaker(config().build());
        halfOpen(breaker, clock);
        breaker.acquirePermission();
        clock.advanceMillis(Duration.ofHours(1).toMillis());

        int trial = breaker.acquirePermission();

        assertThat(trial).isEqualTo(breaker.generation());
        assertThat(transitions).endsWith("payments:HALF_OPEN->OPEN", "payments:OPEN->HALF_OPEN");
        assertThat(breaker.acquirePermission()).isEqualTo(trial);
        assertThat(breaker.acquirePermission()).isEqualTo(CircuitBreaker.NOT_PERMITTED);
        breaker.onSuccess(FAST, trial);
        breaker.onSuccess(FAST, trial);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void forcedOpenRejectsEverythingEvenAfterTheWait() {
        CircuitBreaker breaker = breaker(config().build());
        breaker.transitionTo(CircuitState.FORCED_OPEN);
        clock.advanceMillis(3_600_000);

        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.state()).isEqualTo(CircuitState.FORCED_OPEN);
        assertThat(breaker.metrics().notPermittedCalls()).isEqualTo(1);
    }

    @Test
    void disabledAdmitsEverythingAndRecordsNothing() {
        CircuitBreaker breaker = breaker(config().build());
        breaker.transitionTo(CircuitState.DISABLED);
        record(breaker, 0, 50);

        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitState.DISABLED);
        assertThat(breaker.metrics().bufferedCalls()).isZero();
    }

    @Test
    void startsDisabledWhenConfigIsDisabled() {
        CircuitBreaker breaker = breaker(config().enabled(false).build());
        record(breaker, 0, 50);

        assertThat(breaker.state()).isEqualTo(CircuitState.DISABLED);
        assertThat(transitions).isEmpty();
    }

    @Test
    void operatorCloseResetsTheWindow() {
        CircuitBreaker breaker = openBreaker(config().build());

        breaker.transitionTo(CircuitState.CLOSED);

        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.metrics().bufferedCalls()).isZero();
        record(breaker, 0, 4);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void operatorHalfOpenHandsOutFreshTrials() {
        CircuitBreaker breaker = breaker(config().build());
        breaker.transitionTo(CircuitState.HALF_OPEN);

        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.tryAcquirePermission()).isFalse();
    }

    @Test
    void transitionToTheCurrentStateReportsNothing() {
        CircuitBreaker breaker = breaker(config().build());
        breaker.transitionTo(CircuitState.CLOSED);
        breaker.transitionTo(CircuitState.FORCED_OPEN);
        breaker.transitionTo(CircuitState.FORCED_OPEN);

        assertThat(transitions).containsExactly("payments:CLOSED->FORCED_OPEN");
    }

    @Test
    void worksWithoutAListener() {
        CircuitBreaker breaker = new CircuitBreaker("payments", config().build(), clock, null);
        record(breaker, 0, 5);

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void failingListenerDoesNotBreakTheBreaker() {
        CircuitBreaker breaker = new CircuitBreaker("payments", config().build(), clock, (name, from, to) -> {
            throw new IllegalStateException("listener bug");
        });
        record(breaker, 0, 5);

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void reconfigureWithANewWindowShapeEmptiesTheWindow() {
        CircuitBreaker breaker = breaker(config().build());
        record(breaker, 0, 4);
        CircuitBreakerConfig timeWindow = config().slidingWindowType(SlidingWindowType.TIME).build();

        breaker.reconfigure(timeWindow);

        assertThat(breaker.config()).isEqualTo(timeWindow);
        assertThat(breaker.metrics().bufferedCalls()).isZero();
    }

    @Test
    void reconfigureWithTheSameShapeKeepsTheWindowAndAppliesNewThresholds() {
        CircuitBreaker breaker = breaker(config().build());
        record(breaker, 6, 3);

        breaker.reconfigure(config().failureRateThreshold(30).build());
        assertThat(breaker.metrics().bufferedCalls()).isEqualTo(9);
        breaker.onError(FAST);

        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void reconfigureDisabledAndEnabledAgainMovesThroughDisabled() {
        CircuitBreaker breaker = breaker(config().build());

        breaker.reconfigure(config().enabled(false).build());
        assertThat(breaker.state()).isEqualTo(CircuitState.DISABLED);
        breaker.reconfigure(config().build());

        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(transitions).containsExactly("payments:CLOSED->DISABLED", "payments:DISABLED->CLOSED");
    }
}
