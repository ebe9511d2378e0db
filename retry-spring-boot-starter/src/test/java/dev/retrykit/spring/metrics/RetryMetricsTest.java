package dev.retrykit.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.within;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.breaker.CircuitState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryMetricsTest {

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final MeteredServices fixture = new MeteredServices("payments");

    @AfterEach
    void close() {
        fixture.close();
    }

    private RetryMetrics bound() {
        RetryMetrics metrics = new RetryMetrics(fixture.registry);
        metrics.bindTo(meters);
        return metrics;
    }

    private double callCount(String service, Outcome outcome) {
        return meters.get(RetryMetrics.CALLS).tags("service", service, "outcome", outcome.tagValue()).counter().count();
    }

    @Test
    void registersTheFixedMeterSetOfConfiguredServicesWhenBound() {
        bound();

        for (Outcome outcome : Outcome.values()) {
            assertThat(callCount("payments", outcome)).isZero();
        }
        for (CircuitState state : CircuitState.values()) {
            assertThat(meters.get(RetryMetrics.CIRCUIT_STATE).tags("service", "payments", "state", state.name()).gauge().value())
                    .isEqualTo(state == CircuitState.CLOSED ? 1.0 : 0.0);
        }
        assertThat(meters.get(RetryMetrics.ATTEMPTS).tag("service", "payments").counter().count()).isZero();
        assertThat(meters.get(RetryMetrics.CALL_DURATION).tag("service", "payments").timer().count()).isZero();
        assertThat(meters.get(RetryMetrics.BUDGET_REMAINING).tag("service", "payments").gauge().value()).isEqualTo(20.0);
        assertThat(meters.get(RetryMetrics.BUDGET_REJECTIONS).tag("service", "payments").functionCounter().count()).isZero();
        assertThat(meters.get(RetryMetrics.BULKHEAD_AVAILABLE).tag("service", "payments").gauge().value()).isEqualTo(20.0);
        assertThat(meters.get(RetryMetrics.SERVICE_HEALTH).tag("service", "payments").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get(RetryMetrics.CONCURRENT).gauge().value()).isZero();
    }

    @Test
    void countsEveryOutcomeOfRealCalls() {
        bound();
        GuardedService payments = fixture.registry.find("payments");

        fixture.everyOutcome(payments);
        fixture.succeed(payments);

        assertThat(callCount("payments", Outcome.SUCCESS)).isEqualTo(2);
        for (Outcome outcome : Arrays.copyOfRange(Outcome.values(), 1, Outcome.values().length)) {
            assertThat(callCount("payments", outcome)).as(outcome.tagValue()).isEqualTo(1);
        }
        assertThat(meters.get(RetryMetrics.CALLS).tag("service", "payments").counters()).hasSize(Outcome.values().length);
    }

    @Test
    void countsAttemptsOfEveryCallButNoneForRejections() {
        bound();
        GuardedService payments = fixture.registry.find("payments");

        fixture.everyOutcome(payments);

        assertThat(meters.get(RetryMetrics.ATTEMPTS).tag("service", "payments").counter().count()).isEqualTo(9);
        assertThat(meters.get(RetryMetrics.ATTEMPTS).tag("service", "payments").counter().count())
                .isEqualTo(payments.statistics().attempts());
    }

    @Test
    void timesWholeCallsIncludingTheWaitBetweenAttempts() {
        bound();
        GuardedService payments = fixture.registry.find("payments");

        fixture.succeed(payments);
        fixture.succeedAfterRetry(payments);

        Timer timer = meters.get(RetryMetrics.CALL_DURATION).tag("service", "payments").timer();
        assertThat(timer.count()).isEqualTo(2);
        // the manual clock only moves while sleeping: the retried call waited the 100 ms backoff
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(100.0);
    }

    @Test
    void reportsOneForTheCurrentBreakerStateAndCountsTransitions() {
        bound();
        GuardedService payments = fixture.registry.find("payments");

        payments.circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);

        for (CircuitState state : CircuitState.values()) {
            assertThat(meters.get(RetryMetrics.CIRCUIT_STATE).tags("service", "payments", "state", state.name()).gauge().value())
                    .as(state.name()).isEqualTo(state == CircuitState.FORCED_OPEN ? 1.0 : 0.0);
        }
        assertThat(meters.get(RetryMetrics.CIRCUIT_TRANSITIONS)
                .tags("service", "payments", "from", "CLOSED", "to", "FORCED_OPEN").counter().count()).isEqualTo(1);
        assertThat(meters.get(RetryMetrics.SERVICE_HEALTH).tag("service", "payments").gauge().value()).isZero();

        payments.circuitBreaker().transitionTo(CircuitState.CLOSED);
        payments.circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);

        assertThat(meters.get(RetryMetrics.CIRCUIT_TRANSITIONS)
                .tags("service", "payments", "from", "CLOSED", "to", "FORCED_OPEN").counter().count()).isEqualTo(2);
        assertThat(meters.get(RetryMetrics.CIRCUIT_TRANSITIONS)
                .tags("service", "payments", "from", "FORCED_OPEN", "to", "CLOSED").counter().count()).isEqualTo(1);
    }

    @Test
    void healthOfAServiceAnsweringOnlyFromItsFallbackIsZero() {
        bound();
        GuardedService payments = fixture.serviceWithoutBreaker("answered-by-fallback");

        for (int i = 0; i < 8; i++) {
            fixture.fallBack(payments);
        }

        assertThat(callCount("answered-by-fallback", Outcome.FALLBACK)).isEqualTo(8);
        assertThat(meters.get(RetryMetrics.SERVICE_HEALTH).tag("service", "answered-by-fallback").gauge().value())
                .isZero();
    }

    @Test
    void healthReadOnceAfterAnOutageReportsTheOutage() {
        bound();
        GuardedService payments = fixture.serviceWithoutBreaker("scraped");
        for (int i = 0; i < 10; i++) {
            fixture.succeed(payments);
        }
        assertThat(meters.get(RetryMetrics.SERVICE_HEALTH).tag("service", "scraped").gauge().value()).isEqualTo(1.0);

        // a scrape every 30 s: between two scrapes the dependency fails every call, then the scrape reads once
        fixture.clock.advanceMillis(25_000);
        for (int i = 0; i < 10; i++) {
            fixture.exhaust(payments);
            fixture.clock.advanceMillis(500);
        }

        assertThat(meters.get(RetryMetrics.SERVICE_HEALTH).tag("service", "scraped").gauge().value()).isZero();
        // idle for a while: the outage has left the window, nothing is failing any more
        fixture.clock.advanceMillis(31_000);
        assertThat(meters.get(RetryMetrics.SERVICE_HEALTH).tag("service", "scraped").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void followsBudgetBulkheadAndHealthOfTheService() {
        bound();
        GuardedService payments = fixture.registry.find("payments");

        fixture.exhaust(payments);
        fixture.exhaust(payments);
        fixture.succeed(payments);
        fixture.succeed(payments);
        payments.bulkhead().tryAcquire();

        assertThat(meters.get(RetryMetrics.BUDGET_REMAINING).tag("service", "payments").gauge().value())
                .isEqualTo(payments.budget().remaining()).isLessThan(20.0);
        assertThat(meters.get(RetryMetrics.BULKHEAD_AVAILABLE).tag("service", "payments").gauge().value()).isEqualTo(19.0);
        assertThat(meters.get(RetryMetrics.SERVICE_HEALTH).tag("service", "payments").gauge().value()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void countsRetriesRefusedByTheServiceBudget() {
        bound();
        GuardedService reports = fixture.serviceWithoutBreaker("reports");

        for (int i = 0; i < 30; i++) {
            fixture.exhaust(reports);
        }

        assertThat(reports.budget().rejected()).isPositive();
        assertThat(meters.get(RetryMetrics.BUDGET_REJECTIONS).tag("service", "reports").functionCounter().count())
                .isEqualTo(reports.budget().rejected());
        assertThat(callCount("reports", Outcome.BUDGET_EXHAUSTED)).isEqualTo(reports.budget().rejected());
    }

    @Test
    void reportsRetriesInFlightAcrossAllServices() {
        bound();

        fixture.registry.globalRetryLimit().tryAcquire();
        fixture.registry.globalRetryLimit().tryAcquire();

        assertThat(meters.get(RetryMetrics.CONCURRENT).gauge().value()).isEqualTo(2.0);
    }

    @Test
    void givesServicesCreatedAfterBindingTheirMetersAtTheirFirstEvent() {
        bound();
        assertThat(meters.find(RetryMetrics.CALLS).tag("service", "search").counters()).isEmpty();

        GuardedService search = fixture.service("search");
        fixture.succeed(search);

        assertThat(callCount("search", Outcome.SUCCESS)).isEqualTo(1);
        assertThat(meters.get(RetryMetrics.CALLS).tag("service", "search").counters()).hasSize(Outcome.values().length);
        assertThat(meters.get(RetryMetrics.CIRCUIT_STATE).tag("service", "search").gauges()).hasSize(CircuitState.values().length);
        assertThat(meters.get(RetryMetrics.BULKHEAD_AVAILABLE).tag("service", "search").gauge().value()).isEqualTo(20.0);
    }

    @Test
    void keepsTheNumberOfMetersFixedHoweverManyCallsRun() {
        bound();
        GuardedService search = fixture.unprotectedService("search");
        fixture.everyOutcome(search);
        int afterFirstRound = meters.getMeters().size();

        for (int i = 0; i < 200; i++) {
            fixture.everyOutcome(search);
        }

        assertThat(meters.getMeters()).hasSize(afterFirstRound);
        assertThat(callCount("search", Outcome.SUCCESS)).isEqualTo(201);
        // 8 call counters, attempts, duration, 5 states, budget remaining and rejections, bulkhead, health,
        // and the two transitions forcing open and back
        assertThat(meters.getMeters().stream().filter(m -> "search".equals(m.getId().getTag("service")))).hasSize(21);
    }

    @Test
    void addsCommonTagsToEveryMeter() {
        new RetryMetrics(fixture.registry, Tags.of("application", "shop")).bindTo(meters);

        assertThat(meters.getMeters()).isNotEmpty()
                .allSatisfy(meter -> assertThat(meter.getId().getTag("application")).isEqualTo("shop"));
    }

    @Test
    void refusesToBindTwice() {
        RetryMetrics metrics = bound();

        assertThatIllegalStateException().isThrownBy(() -> metrics.bindTo(new SimpleMeterRegistry()));
        fixture.succeed(fixture.registry.find("payments"));
        assertThat(callCount("payments", Outcome.SUCCESS)).isEqualTo(1);
    }

    @Test
    void registersItsListenerWithTheServiceRegistryOnlyWhenBound() {
        RetryMetrics metrics = new RetryMetrics(fixture.registry);
        fixture.succeed(fixture.registry.find("payments"));
        assertThat(meters.getMeters()).isEmpty();

        metrics.bindTo(meters);
        fixture.succeed(fixture.registry.find("payments"));

        assertThat(callCount("payments", Outcome.SUCCESS)).isEqualTo(1);
    }
}
