package dev.retrykit.spring.aop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.annotation.CircuitGuarded;
import dev.retrykit.annotation.Retryable;
import dev.retrykit.spring.autoconfigure.RetryAopAutoConfiguration;
import dev.retrykit.spring.autoconfigure.RetryAutoConfiguration;
import dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException;
import dev.retrykit.spring.diagnostics.InvalidRetryConfigurationFailureAnalyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;

/**
 * Annotations that would silently do nothing, or do too much, fail startup with one report: methods no proxy can
 * intercept, beans that were never proxied, a second {@code @Retryable} from Spring Framework, SpEL naming variables
 * the method does not have. Configured services that no annotation uses are warned about.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupStrictnessTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class, RetryAopAutoConfiguration.class));

    @Test
    void privateStaticAndFinalAnnotatedMethodsFailStartupNamingEachMethod() {
        runner.withBean(Unreachable.class).run(context -> assertThat(failure(context))
                .contains("@Retryable on Unreachable.hidden: 'private String hidden()' is private")
                .contains("@Retryable on Unreachable.shared: 'static String shared()' is static")
                .contains("@CircuitGuarded on Unreachable.sealed: 'public final String sealed()' is final")
                .contains("no Spring proxy can intercept it"));
    }

    @Test
    void aTypeLevelAnnotationIgnoresStaticMethodsAndInheritedFinalOnes() {
        runner.withBean(TypeGuarded.class).run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aBeanCreatedBeforeTheAutoProxyCreatorFailsStartup() {
        runner.withUserConfiguration(EarlyBean.class).run(context -> assertThat(failure(context))
                .contains("@Retryable on Plain.call").contains("bean 'plain'").contains("did not proxy"));
    }

    @Test
    void ourRetryableWithSpringFrameworksOnOneMethodFailsStartup() {
        runner.withBean(DoublyRetried.class).run(context -> assertThat(failure(context))
                .contains("@Retryable on DoublyRetried.call")
                .contains("also carries Spring Framework's @org.springframework.resilience.annotation.Retryable"));
    }

    @Test
    void anExpressionNamingAMissingParameterFailsStartup() {
        runner.withBean(MisnamedKey.class).run(context -> assertThat(failure(context))
                .contains("@Retryable on MisnamedKey.pay.idempotencyKey: '#order.id' names #order, which is not a "
                        + "parameter of MisnamedKey.pay(String orderId)")
                .contains("#orderId, #p0, #root")
                .contains("@Retryable on MisnamedKey.refund.idempotencyKey: '#p1' names #p1, but MisnamedKey.refund(String orderId) has 1")
                .contains("@Retryable on MisnamedKey.quote.retryOnResult: '#result == #quote' names #quote")
                .contains("@Retryable on MisnamedKey.cancel.idempotencyKey: '#result' names #result, which only retryOnResult can see"));
    }

    @Test
    void parametersByNameOrPositionTheRootAndTheResultAreAccepted() {
        runner.withBean(WellNamedKeys.class).run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theRetryOnResultHintShowsAResultExample() {
        runner.withBean(UnparsableResultCheck.class).run(context -> assertThat(failure(context))
                .contains("retryOnResult: '#result ==' is not a valid SpEL expression")
                .contains("#result == null").doesNotContain("#order.id"));
    }

    @Test
    void anUnknownTemplateNoLongerHidesTheOtherProblemsOfTheAnnotation() {
        runner.withBean(ManyProblems.class).run(context -> {
            InvalidRetryConfigurationException failure = (InvalidRetryConfigurationException)
                    NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
            assertThat(failure.problems()).extracting(problem -> problem.property())
                    .contains("@Retryable on ManyProblems.call.template", "@Retryable on ManyProblems.call.idempotencyKey",
                            "@Retryable on ManyProblems.call.maxAttempts");
        });
    }

    @Test
    void everyProblemOfEveryBeanIsInOneFailureAnalysis() {
        runner.withBean(Unreachable.class).withBean(MisnamedKey.class).withBean(ManyProblems.class).run(context -> {
            FailureAnalysis analysis = new InvalidRetryConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Unreachable.hidden", "MisnamedKey.pay", "ManyProblems.call.template",
                    "ManyProblems.call.maxAttempts");
            assertThat(analysis.getAction()).contains("Unreachable.hidden", "MisnamedKey.pay.idempotencyKey");
        });
    }

    @Test
    void aConfiguredServiceThatNoAnnotationUsesIsWarnedAboutWithTheNearestUsedName(CapturedOutput output) {
        runner.withBean(Vets.class).withPropertyValues("retry.services.vet.max-attempts=4", "retry.services.vets.max-attempts=2")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output).contains("retry.services.vet is configured, but no @Retryable or @CircuitGuarded "
                            + "method uses service 'vet' (did you mean 'vets'?)").doesNotContain("retry.services.vets is configured");
                });
    }

    private static String failure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
        assertThat(cause).isInstanceOf(InvalidRetryConfigurationException.class);
        return cause.getMessage();
    }

    static class Unreachable {
        public String call() {
            return hidden() + shared();
        }

        @Retryable("unreachable")
        private String hidden() {
            return "hidden";
        }

        @Retryable("unreachable")
        static String shared() {
            return "shared";
        }

        @CircuitGuarded("unreachable")
        public final String sealed() {
            return "sealed";
        }
    }

    static class FinalBase {
        public final String inherited() {
            return "inherited";
        }
    }

    @Retryable("typed")
    static class TypeGuarded extends FinalBase {
        public String call() {
            return "call";
        }

        public static TypeGuarded create() {
            return new TypeGuarded();
        }
    }

    static class Plain {
        @Retryable("plain")
        public String call() {
            return "plain";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EarlyBean {
        @Bean
        Plain plain() {
            return new Plain();
        }

        /** A PriorityOrdered post-processor that needs the bean: it is created before the auto-proxy creator. */
        @Bean
        static NeedsPlain needsPlain(Plain plain) {
            return new NeedsPlain();
        }
    }

    static class NeedsPlain implements BeanPostProcessor, PriorityOrdered {
        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }

    static class DoublyRetried {
        @Retryable("double")
        @org.springframework.resilience.annotation.Retryable(maxRetries = 3)
        public String call() {
            return "twice";
        }
    }

    static class MisnamedKey {
        @Retryable(value = "payments", idempotencyKey = "#order.id")
        public String pay(String orderId) {
            return orderId;
        }

        @Retryable(value = "payments", idempotencyKey = "#p1")
        public String refund(String orderId) {
            return orderId;
        }

        @Retryable(value = "payments", retryOnResult = "#result == #quote")
        public String quote(String orderId) {
            return orderId;
        }

        @Retryable(value = "payments", idempotencyKey = "#result")
        public String cancel(String orderId) {
            return orderId;
        }
    }

    static class WellNamedKeys {
        @Retryable(value = "payments", idempotencyKey = "#orderId + '-' + #p1 + #a0", retryOnResult = "#result == null or #root == null")
        public String pay(String orderId, int amount) {
            return orderId;
        }

        @Retryable(value = "payments", retryOnResult = "#result.isEmpty() and #amount > 0")
        public String quote(int amount) {
            return "";
        }
    }

    static class UnparsableResultCheck {
        @Retryable(value = "payments", retryOnResult = "#result ==")
        public String quote() {
            return "";
        }
    }

    static class ManyProblems {
        @Retryable(value = "payments", template = "nope", maxAttempts = 0, idempotencyKey = "#missing")
        public String call(String id) {
            return id;
        }
    }

    static class Vets {
        @Retryable("vets")
        public String vets() {
            return "vets";
        }
    }
}
