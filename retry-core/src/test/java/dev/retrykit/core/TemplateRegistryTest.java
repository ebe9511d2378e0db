package dev.retrykit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.SQLTransientException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TemplateRegistryTest {

    private final TemplateRegistry templates = TemplateRegistry.builtIn();

    @Test
    void builtInTemplatesCarryTheDocumentedStartingValues() {
        assertTemplate("ai-service", "exponential-jitter", 5, Duration.ofSeconds(2), Duration.ofSeconds(60));
        assertTemplate("database", "linear", 3, Duration.ofMillis(500), Duration.ofSeconds(5));
        assertTemplate("cache", "fixed", 2, Duration.ofMillis(100), Duration.ofSeconds(1));
        assertTemplate("http-api", "exponential-jitter", 3, Duration.ofMillis(500), Duration.ofSeconds(30));
        assertTemplate("message-queue", "exponential-jitter", 5, Duration.ofSeconds(1), Duration.ofSeconds(30));
        assertTemplate("microservice", "decorrelated-jitter", 3, Duration.ofMillis(200), Duration.ofSeconds(10));
        assertThat(templates.resolve("ai-service").retryableStatusCodes()).containsExactlyInAnyOrder(408, 429, 500, 502, 503, 504, 529);
        assertThat(templates.resolve("ai-service").respectRetryAfter()).isTrue();
        assertThat(templates.resolve("http-api").retryableStatusCodes()).containsExactlyInAnyOrder(408, 429, 500, 502, 503, 504);
        assertThat(templates.resolve("microservice").retryableStatusCodes()).containsExactlyInAnyOrder(502, 503, 504);
        assertThat(templates.resolve("database").retryableSqlStates()).containsExactlyInAnyOrder("40001", "40P01");
        assertThat(templates.resolve("database").retryableExceptions()).contains(SQLTransientException.class);
    }

    private void assertTemplate(String name, String strategy, int attempts, Duration base, Duration max) {
        ServicePolicy policy = templates.resolve(name);
        assertThat(policy.template()).isEqualTo(name);
        assertThat(policy.strategy()).isEqualTo(strategy);
        assertThat(policy.maxAttempts()).isEqualTo(attempts);
        assertThat(policy.backoff().baseDelay()).isEqualTo(base);
        assertThat(policy.backoff().maxDelay()).isEqualTo(max);
    }

    @Test
    void userTemplateExtendsItsBaseAndServiceOverridesWin() {
        TemplateRegistry registry = templates.withTemplate("partner-api", "http-api", b -> b.maxAttempts(4));

        ServicePolicy template = registry.resolve("partner-api");
        ServicePolicy service = registry.resolve("partner-api", b -> b.baseDelay(Duration.ofMillis(50)));

        assertThat(template.maxAttempts()).isEqualTo(4);
        assertThat(template.strategy()).isEqualTo("exponential-jitter");
        assertThat(template.retryableExceptions()).contains(IOException.class);
        assertThat(service.maxAttempts()).isEqualTo(4);
        assertThat(service.backoff().baseDelay()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void userTemplateOfABuiltInNameOverridesTheBuiltIn() {
        TemplateRegistry registry = templates.withTemplate("cache", null, b -> b.maxAttempts(7));

        assertThat(registry.resolve("cache").maxAttempts()).isEqualTo(7);
        assertThat(registry.resolve("cache").strategy()).isEqualTo("fixed");
    }

    @Test
    void basedOnCycleIsReportedWithItsPath() {
        TemplateRegistry registry = templates.withTemplate("a", "b", b -> { }).withTemplate("b", "a", b -> { });

        assertThatThrownBy(registry::validate).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a -> b -> a");
    }

    @Test
    void unknownTemplateNamesTheAllowedOnes() {
        assertThatThrownBy(() -> templates.resolve("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nope' is not a template").hasMessageContaining("ai-service, database, cache");
    }
}
