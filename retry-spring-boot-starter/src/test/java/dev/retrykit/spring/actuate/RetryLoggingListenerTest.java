package dev.retrykit.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.TimeoutConfig;
import dev.retrykit.core.breaker.CircuitBreakerConfig;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class RetryLoggingListenerTest {

    @Test
    void logsOneWarnLinePerRetryWithAttemptDelayAndException(CapturedOutput output) {
        try (ServiceRegistry registry = RetryFixtures.registryWithListener(new RetryLoggingListener(), "payments")) {
            RetryFixtures.fail(registry.find("payments"));

            List<String> lines = linesOf(output, "Retrying service 'payments'");
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).contains("WARN").contains("(attempt 2/3) in 1ms after java.io.IOException: down");
            assertThat(lines.get(1)).contains("(attempt 3/3)");
        }
    }

    @Test
    void cutsTheMessageTo200CharactersOnOneLine(CapturedOutput output) {
        try (ServiceRegistry registry = RetryFixtures.registryWithListener(new RetryLoggingListener(), "payments")) {
            String message = "first line\n" + "x".repeat(300);
            GuardedService payments = registry.find("payments");
            int[] failures = {1};
            payments.call(() -> {
                if (failures[0]-- > 0) {
                    throw new IOException(message);
                }
                return "ok";
            });

            List<String> lines = linesOf(output, "Retrying service 'payments'");
            assertThat(lines).hasSize(1);
            String logged = lines.get(0).substring(lines.get(0).indexOf("java.io.IOException: ") + "java.io.IOException: ".length());
            assertThat(logged).isEqualTo(("first line " + "x".repeat(300)).substring(0, RetryLoggingListener.MESSAGE_LIMIT) + "...");
        }
    }

    @Test
    void writesDurationsForPeople() {
        assertThat(RetryLoggingListener.humanDuration(0)).isEqualTo("0ms");
        assertThat(RetryLoggingListener.humanDuration(29_872)).isEqualTo("<1ms");
        assertThat(RetryLoggingListener.humanDuration(29_872_553)).isEqualTo("30ms");
        assertThat(RetryLoggingListener.humanDuration(250_000_000)).isEqualTo("250ms");
        assertThat(RetryLoggingListener.humanDuration(999_700_000)).isEqualTo("1s");
        assertThat(RetryLoggingListener.humanDuration(1_200_000_000)).isEqualTo("1.2s");
        assertThat(RetryLoggingListener.humanDuration(Duration.ofSeconds(2).toNanos())).isEqualTo("2s");
        assertThat(RetryLoggingListener.humanDuration(Duration.ofMillis(59_960).toNanos())).isEqualTo("1m");
        assertThat(RetryLoggingListener.humanDuration(Duration.ofSeconds(150).toNanos())).isEqualTo("2m30s");
        assertThat(RetryLoggingListener.humanDuration(Duration.ofMinutes(65).toNanos())).isEqualTo("1h5m");
        assertThat(RetryLoggingListener.humanDuration(-5)).isEqualTo("0ms");
    }

    @Test
    void logsOneWarnLineWhenACallGivesUpWithTheReason(CapturedOutput output) {
        try (ServiceRegistry registry = manualRegistry(ServicePolicy.builder().strategy("fixed")
                .baseDelay(Duration.ofMillis(1200)).maxDelay(Duration.ofSeconds(5)).maxAttempts(3)
                .retryOn(IOException.class))) {
            RetryFixtures.fail(registry.find("payments"));

            assertThat(linesOf(output, "Retrying service 'payments'")).hasSize(2)
                    .allSatisfy(line -> assertThat(line).contains(" in 1.2s after java.io.IOException: down"));
            // the logging listener alone needs no durations, so the call is not timed (no clock read on success);
            // with the starter's metrics on, the line also says how long the call took ("... after 3 attempts in 2.4s")
            assertThat(linesOf(output, "gave up")).singleElement().asString().contains("WARN")
                    .contains("Service 'payments' gave up after 3 attempts: attempts exhausted; "
                            + "last failure java.io.IOException: down");
        }
    }

    @Test
    void saysWhenTheDeadlineEndedTheRetries(CapturedOutput output) {
        try (ServiceRegistry registry = manualRegistry(ServicePolicy.builder().strategy("fixed")
                .baseDelay(Duration.ofMillis(250)).maxDelay(Duration.ofSeconds(5)).maxAttempts(10)
                .timeout(new TimeoutConfig(null, Duration.ofMillis(600), false)).retryOn(IOException.class))) {
            RetryFixtures.fail(registry.find("payments"));

            assertThat(linesOf(output, "gave up")).singleElement().asString()
                    .contains("gave up after 3 attempts in 500ms: deadline reached (timeout.total); last failure");
        }
    }

    @Test
    void aBreakerThatOpensIsAWarningAndItsRefusedRetryIsNeverAnnounced(CapturedOutput output) {
        try (ServiceRegistry registry = manualRegistry(ServicePolicy.builder().strategy("fixed")
                .baseDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofSeconds(5)).maxAttempts(3)
                .retryOn(IOException.class).circuitBreaker(CircuitBreakerConfig.builder().minimumCalls(1)
                        .slidingWindowSize(10).failureRateThreshold(50).waitInOpen(Duration.ofSeconds(30)).build()))) {
            RetryFixtures.fail(registry.find("payments"));

            assertThat(linesOf(output, "Retrying service")).isEmpty();
            assertThat(linesOf(output, "Circuit breaker of service 'payments'")).singleElement().asString()
                    .contains("WARN").contains("opened (from CLOSED)");
            assertThat(linesOf(output, "gave up")).singleElement().asString().contains("WARN")
                    .contains("gave up after 1 attempt: circuit breaker open; last failure java.io.IOException: down");
        }
    }

    @Test
    void aNonRetryableFailureIsTheApplicationsToReport(CapturedOutput output) {
        try (ServiceRegistry registry = RetryFixtures.registryWithListener(new RetryLoggingListener(), "payments")) {
            assertThatThrownBy(() -> registry.find("payments").call(() -> {
                throw new IllegalStateException("not found");
            })).isInstanceOf(IllegalStateException.class);

            assertThat(linesOf(output, "payments")).noneMatch(line -> line.contains("WARN"))
                    .allSatisfy(line -> assertThat(line).contains("DEBUG").contains("gave up after 1 attempt: not retryable"));
        }
    }

    @Test
    void logsBreakerTransitionsAtInfo(CapturedOutput output) {
        try (ServiceRegistry registry = RetryFixtures.registryWithListener(new RetryLoggingListener(), "payments")) {
            registry.find("payments").circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);

            assertThat(linesOf(output, "Circuit breaker of service 'payments'"))
                    .singleElement().asString().contains("INFO").contains("moved from CLOSED to FORCED_OPEN");
        }
    }

    @Test
    void successfulCallsAreNotLogged(CapturedOutput output) {
        try (ServiceRegistry registry = RetryFixtures.registryWithListener(new RetryLoggingListener(), "payments")) {
            RetryFixtures.succeed(registry.find("payments"));

            assertThat(output.getAll()).doesNotContain("payments");
        }
    }

    /** A registry on a manual clock (sleeping moves it) with the listener and one service "payments". */
    private static ServiceRegistry manualRegistry(ServicePolicy.Builder policy) {
        ManualClock clock = new ManualClock();
        return ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock)
                .listener(new RetryLoggingListener()).service("payments", policy.build()).build();
    }

    private static List<String> linesOf(CapturedOutput output, String marker) {
        return output.getAll().lines().filter(line -> line.contains(marker)).toList();
    }
}
