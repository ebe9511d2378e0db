package dev.retrykit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.spring.diagnostics.ConfigurationProblem;
import dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.NestedExceptionUtils;

/**
 * A key under a service, template or chaos entry that the starter does not know fails startup naming the key and the
 * nearest known one, instead of being ignored by the binder; every problem of the configuration comes in one report.
 */
class UnknownPropertyKeysTest {

    @Test
    void aMisspeltServiceKeyFailsStartupNamingTheNearestKnownKey() {
        assertThat(problems("retry.services.payments.max-atempts=5")).singleElement().satisfies(problem -> {
            assertThat(problem.property()).isEqualTo("retry.services.payments.max-atempts");
            assertThat(problem.value()).isEqualTo("5");
            assertThat(problem.reason()).contains("is not a key retrykit knows");
            assertThat(problem.allowed()).startsWith("retry.services.payments.max-attempts (the nearest known key)")
                    .contains("strategy", "circuit-breaker.*");
        });
    }

    @Test
    void aMisspeltKeyOfANestedObjectNamesTheNearestKeyOfThatObject() {
        assertThat(problems("retry.services.payments.circuit-breaker.failure-threshold=50")).singleElement()
                .satisfies(problem -> assertThat(problem.allowed())
                        .startsWith("retry.services.payments.circuit-breaker.failure-rate-threshold (the nearest known key)")
                        .contains("another key of retry.services.payments.circuit-breaker: ").contains("half-open-calls"));
    }

    @Test
    void templatesAndChaosEntriesAreCheckedToo() {
        assertThat(problems("retry.templates.partner.base-on=http-api",
                "retry.chaos.services.payments.failure-rates=0.5"))
                .extracting(ConfigurationProblem::property, problem -> problem.allowed().substring(0, problem.allowed().indexOf(' ')))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("retry.templates.partner.base-on", "retry.templates.partner.based-on"),
                        org.assertj.core.groups.Tuple.tuple("retry.chaos.services.payments.failure-rates",
                                "retry.chaos.services.payments.failure-rate"));
    }

    @Test
    void relaxedNamesAndListIndexesAreKnownKeys() {
        RetryTestContexts.runner().withPropertyValues("retry.services.payments.maxAttempts=4",
                "retry.services.payments.retryable-exceptions[0]=java.io.IOException",
                "retry.services.payments.retryable-status-codes=503,504", "retry.services.payments.CircuitBreaker.Enabled=false",
                "retry.services.payments.template=http-api", "retry.templates.partner.based-on=http-api",
                "retry.services[orders.v2].bulkhead.max-concurrent-calls=5")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void anUnknownTemplateNoLongerHidesTheOtherProblemsOfTheEntry() {
        assertThat(problems("retry.services.payments.template=ai", "retry.services.payments.strategy=expo",
                "retry.services.payments.max-atempts=5"))
                .extracting(ConfigurationProblem::property)
                .containsExactly("retry.services.payments.max-atempts", "retry.services.payments.template",
                        "retry.services.payments.strategy");
    }

    @Test
    void theFailureAnalysisListsEveryProblem() {
        RetryTestContexts.runner().withPropertyValues("retry.services.payments.template=ai", "retry.services.payments.max-atempts=5",
                "retry.services.orders.circuit-breaker.failure-threshold=50").run(context -> {
                    FailureAnalysis analysis = RetryTestContexts.analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("(3 problems)", "retry.services.payments.max-atempts: '5'",
                            "retry.services.payments.template: 'ai'", "retry.services.orders.circuit-breaker.failure-threshold: '50'");
                    assertThat(analysis.getAction()).contains("retry.services.payments.max-attempts (the nearest known key)",
                            "retry.services.orders.circuit-breaker.failure-rate-threshold (the nearest known key)");
                });
    }

    private static List<ConfigurationProblem> problems(String... properties) {
        List<ConfigurationProblem>[] found = new List[1];
        RetryTestContexts.runner().withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
            assertThat(cause).isInstanceOf(InvalidRetryConfigurationException.class);
            found[0] = ((InvalidRetryConfigurationException) cause).problems();
        });
        return found[0];
    }
}
