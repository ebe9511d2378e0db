package dev.retrykit.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitState;
import java.io.IOException;
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
            assertThat(lines.get(0)).contains("WARN").contains("(attempt 2/3) in PT0.001S after java.io.IOException: down");
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

    private static List<String> linesOf(CapturedOutput output, String marker) {
        return output.getAll().lines().filter(line -> line.contains(marker)).toList();
    }
}
