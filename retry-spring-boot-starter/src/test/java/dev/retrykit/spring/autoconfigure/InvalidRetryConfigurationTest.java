package dev.retrykit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.NestedExceptionUtils;

class InvalidRetryConfigurationTest {

    private static final String STRATEGIES = "one of: immediate, fixed, linear, linear-jitter, exponential, exponential-jitter, "
            + "decorrelated-jitter, constant-jitter, fibonacci, adaptive";
    private static final String TEMPLATES = "ai-service, database, cache, http-api, message-queue, microservice";
    private static final String FRACTION = "a fraction from 0 to 1";
    private static final String PERCENTAGE = "a percentage from 0 to 100";
    private static final String AT_LEAST_ONE = "an integer of at least 1";
    private static final String THROWABLE = "java.lang.Throwable";
    private static final String P = "retry.services.payments.";

    /** Properties to set (separated by {@code ;}), the property the failure must name, its message and what it must allow. */
    static Stream<Arguments> badConfigurations() {
        return Stream.of(
                bad(P + "strategy=expo", P + "strategy", "'expo' is not a strategy", STRATEGIES),
                bad(P + "template=ai", P + "template", "'ai' is not a template", TEMPLATES),
                bad("retry.templates.partner.based-on=http", "retry.templates.partner.based-on", "'http' is not a template",
                        TEMPLATES + ", partner"),
                bad("retry.default-template=generic", "retry.default-template", "'generic' is not a template", TEMPLATES),
                bad(P + "max-attempts=0", P + "max-attempts", "'0' is below 1", AT_LEAST_ONE),
                bad(P + "max-attempts=-3", P + "max-attempts", "'-3' is below 1", AT_LEAST_ONE),
                bad(P + "base-delay=20s", P + "base-delay", "'20s' is greater than max-delay (10s)", "not above max-delay 10s"),
                bad(P + "template=cache;" + P + "max-delay=50ms", P + "max-delay", "'50ms' is less than base-delay (100ms)",
                        "not below base-delay 100ms"),
                bad("retry.templates.fast.base-delay=1m", "retry.templates.fast.base-delay", "'1m' is greater than max-delay (10s)",
                        "not above max-delay 10s"),
                bad("retry.global.budget.ratio=1.5", "retry.global.budget.ratio", "'1.5' is outside 0..1", FRACTION),
                bad(P + "budget.ratio=-0.1", P + "budget.ratio", "'-0.1' is outside 0..1", FRACTION),
                bad(P + "circuit-breaker.failure-rate-threshold=150", P + "circuit-breaker.failure-rate-threshold",
                        "'150' is not a percentage", PERCENTAGE),
                bad(P + "circuit-breaker.slow-call-rate-threshold=-5", P + "circuit-breaker.slow-call-rate-threshold",
                        "'-5' is not a percentage", PERCENTAGE),
                bad(P + "circuit-breaker.half-open-calls=0", P + "circuit-breaker.half-open-calls", "'0' is below 1", AT_LEAST_ONE),
                bad(P + "circuit-breaker.max-time-in-half-open=0s", P + "circuit-breaker.max-time-in-half-open",
                        "'0ms' is not a positive duration", "a duration above 0"),
                bad("retry.templates.slow.circuit-breaker.max-time-in-half-open=-1m",
                        "retry.templates.slow.circuit-breaker.max-time-in-half-open", "'-1m' is not a positive duration",
                        "a duration above 0"),
                bad(P + "circuit-breaker.minimum-calls=0", P + "circuit-breaker.minimum-calls", "'0' is below 1", AT_LEAST_ONE),
                bad(P + "circuit-breaker.sliding-window-size=0", P + "circuit-breaker.sliding-window-size", "'0' is below 1",
                        AT_LEAST_ONE),
                bad(P + "circuit-breaker.sliding-window-type=rolling", P + "circuit-breaker.sliding-window-type",
                        "'rolling' is not a sliding window type", "one of: count, time"),
                bad(P + "circuit-breaker.wait-in-open=10m", P + "circuit-breaker.wait-in-open",
                        "'10m' is greater than max-wait-in-open (5m)", "not above max-wait-in-open 5m"),
                bad(P + "bulkhead.max-concurrent-calls=0", P + "bulkhead.max-concurrent-calls", "'0' is below 1", AT_LEAST_ONE),
                bad(P + "hedging.enabled=true;" + P + "hedging.max-hedges=0", P + "hedging.max-hedges",
                        "'0' is below 1 while hedging is enabled", "at least 1 when hedging.enabled is true"),
                bad(P + "retryable-exceptions=java.io.IOException,com.example.MissingException", P + "retryable-exceptions[1]",
                        "'com.example.MissingException' is not a class on the classpath", THROWABLE),
                bad(P + "non-retryable-exceptions=java.lang.String", P + "non-retryable-exceptions[0]",
                        "'java.lang.String' is not a Throwable", THROWABLE),
                bad("retry.templates.a.based-on=b;retry.templates.b.based-on=a", "retry.templates.a.based-on",
                        "'b' forms a based-on cycle (a -> b -> a)", "ends at a built-in template"),
                bad("retry.templates.loop.based-on=loop", "retry.templates.loop.based-on", "'loop' forms a based-on cycle (loop -> loop)",
                        "ends at a built-in template"),
                bad(P + "jitter=1.5", P + "jitter", "'1.5' is outside 0..1", FRACTION),
                bad(P + "multiplier=0.5", P + "multiplier", "'0.5' is below 1", "a number of at least 1"),
                bad(P + "base-delay=-1s", P + "base-delay", "'-1s' is a negative duration", "a duration of at least 0"),
                bad(P + "timeout.per-attempt=-200ms", P + "timeout.per-attempt", "'-200ms' is a negative duration",
                        "a duration of at least 0"),
                bad(P + "load-shedding.cpu-threshold=1.2", P + "load-shedding.cpu-threshold", "'1.2' is outside 0..1", FRACTION),
                bad(P + "retryable-status-codes=503,42", P + "retryable-status-codes[1]", "'42' is not an HTTP status code",
                        "from 100 to 599"),
                bad(P + "budget.burst-capacity=0", P + "budget.burst-capacity", "'0' is below 1", AT_LEAST_ONE),
                bad("retry.chaos.services.payments.failure-rate=2", "retry.chaos.services.payments.failure-rate",
                        "'2' is outside 0..1", FRACTION),
                bad("retry.chaos.services.payments.exception=com.example.Boom", "retry.chaos.services.payments.exception",
                        "'com.example.Boom' is not a class on the classpath", THROWABLE),
                bad("retry.store.type=mongo", "retry.store.type", "'mongo' is not a store type", "one of: memory, redis"),
                bad("retry.global.max-concurrent-retries=0", "retry.global.max-concurrent-retries", "'0' is below 1", AT_LEAST_ONE),
                bad("retry.idempotency.ttl=0s", "retry.idempotency.ttl", "'0ms' is not a positive duration", "a duration above 0"),
                bad("retry.idempotency.in-flight-lease=-5s", "retry.idempotency.in-flight-lease",
                        "'-5s' is not a positive duration", "a duration above 0"),
                bad("retry.dashboard.path=retry", "retry.dashboard.path", "'retry' does not start with '/'", "starting with '/'"));
    }

    private static Arguments bad(String properties, String property, String message, String allowed) {
        return Arguments.of(properties, property, message, allowed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigurations")
    void failsStartupNamingThePropertyAndTheAllowedValues(String properties, String property, String message, String allowed) {
        RetryTestContexts.runner().withPropertyValues(properties.split(";")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidRetryConfigurationException.class);
            FailureAnalysis analysis = RetryTestContexts.analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains(property + ": " + message).contains(allowed);
            assertThat(analysis.getAction()).contains(property).contains(allowed);
        });
    }

    @Test
    void reportsEveryProblemOfOneStartTogether() {
        RetryTestContexts.runner().withPropertyValues(P + "strategy=expo", P + "max-attempts=0", "retry.store.type=mongo",
                "retry.services.orders.circuit-breaker.failure-rate-threshold=101").run(context -> {
                    InvalidRetryConfigurationException failure =
                            (InvalidRetryConfigurationException) NestedExceptionUtils.getRootCause(context.getStartupFailure());
                    assertThat(failure.problems()).extracting(problem -> problem.property()).containsExactlyInAnyOrder(
                            P + "strategy", P + "max-attempts", "retry.store.type",
                            "retry.services.orders.circuit-breaker.failure-rate-threshold");
                    FailureAnalysis analysis = RetryTestContexts.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("4 problems", "'expo' is not a strategy", "'mongo' is not a store type");
                });
    }

    @Test
    void acceptsValuesAtTheEdgesOfTheirRanges() {
        RetryTestContexts.runner().withUserConfiguration(RetryTestContexts.RedisStoreWithoutServer.class)
                .withPropertyValues(P + "jitter=0", P + "multiplier=1", P + "budget.ratio=1",
                        P + "circuit-breaker.failure-rate-threshold=100", P + "circuit-breaker.slow-call-rate-threshold=0",
                        P + "base-delay=10s", P + "max-attempts=1", P + "hedging.max-hedges=0", P + "strategy=fibonacci",
                        P + "circuit-breaker.sliding-window-type=TIME", "retry.store.type=Redis",
                        "retry.chaos.services.x.failure-rate=1")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
