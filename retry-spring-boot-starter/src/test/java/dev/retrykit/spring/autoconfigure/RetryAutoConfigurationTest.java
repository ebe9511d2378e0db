package dev.retrykit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.TemplateRegistry;
import dev.retrykit.core.backoff.BackoffStrategies;
import dev.retrykit.core.budget.RetryBudgetConfig;
import dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException;
import java.io.IOException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import tools.jackson.databind.json.JsonMapper;

class RetryAutoConfigurationTest {

    private final ApplicationContextRunner runner = RetryTestContexts.runner();

    @Test
    void createsPoliciesAndStrategiesByDefault() {
        runner.run(context -> assertThat(context).hasNotFailed()
                .hasSingleBean(RetryProperties.class)
                .hasSingleBean(RetryPolicies.class)
                .hasSingleBean(BackoffStrategies.class));
    }

    @Test
    void redisStoreWithoutARedisConnectionFailsStartup() {
        runner.withPropertyValues("retry.store.type=redis").run(context -> {
            assertThat(context).hasFailed();
            assertThat(org.springframework.core.NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                    .hasMessageContaining("retry.store.type").hasMessageContaining("RedisConnectionFactory");
        });
    }

    @Test
    void redisStoreWithoutJackson3FailsStartupInsteadOfRunningOnMemory() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RetryAutoConfiguration.class,
                        RetryRedisAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(JsonMapper.class))
                .withPropertyValues("retry.store.type=redis")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable cause = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
                    assertThat(cause).isInstanceOf(InvalidRetryConfigurationException.class)
                            .hasMessageContaining("retry.store.type: 'redis'")
                            .hasMessageContaining("Jackson 3 (tools.jackson.databind.json.JsonMapper)")
                            .hasMessageContaining("use memory, or redis with spring-boot-starter-jackson");
                    assertThat(RetryTestContexts.analyze(context.getStartupFailure())).isNotNull();
                });
    }

    @Test
    void redisStoreWithoutTheRedisStoreConfigurationFailsStartup() {
        runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
                .withPropertyValues("retry.store.type=redis")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                            .isInstanceOf(InvalidRetryConfigurationException.class)
                            .hasMessageContaining("retry.store.type: 'redis'")
                            .hasMessageContaining("no SharedStateStore bean")
                            .hasMessageContaining("use memory, or redis with RetryRedisAutoConfiguration");
                });
    }

    @Test
    void redisStoreWithoutSpringDataRedisFailsStartup() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
                .withPropertyValues("retry.store.type=redis")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
                            .hasMessageContaining("retry.store.type: 'redis'")
                            .hasMessageContaining("spring-boot-starter-data-redis");
                });
    }

    @Test
    void createsNothingWhenDisabled() {
        runner.withPropertyValues("retry.enabled=false", "retry.services.payments.strategy=expo").run(context -> assertThat(context)
                .hasNotFailed()
                .doesNotHaveBean(RetryProperties.class)
                .doesNotHaveBean(RetryPolicies.class)
                .doesNotHaveBean(BackoffStrategies.class));
    }

    @Test
    void backsOffWhenTheUserDefinesThePolicies() {
        runner.withUserConfiguration(CustomPolicies.class).withPropertyValues("retry.services.payments.strategy=expo")
                .run(context -> assertThat(context).hasNotFailed()
                        .getBean(RetryPolicies.class).isSameAs(context.getBean(CustomPolicies.class).policies));
    }

    @Test
    void serviceEntryInheritsEveryUnwrittenKeyFromItsBuiltInTemplate() {
        runner.withPropertyValues("retry.services.inventory.template=database", "retry.services.inventory.max-attempts=6")
                .run(context -> {
                    ServicePolicy policy = context.getBean(RetryPolicies.class).services().get("inventory");
                    ServicePolicy database = TemplateRegistry.builtIn().resolve("database");
                    assertThat(policy.maxAttempts()).isEqualTo(6);
                    assertThat(policy.template()).isEqualTo("database");
                    assertThat(policy.strategy()).isEqualTo("linear");
                    assertThat(policy.backoff()).isEqualTo(database.backoff());
                    assertThat(policy.retryableExceptions()).contains(SQLTransientException.class);
                    assertThat(policy.retryableSqlStates()).containsExactlyInAnyOrder("40001", "40P01");
                });
    }

    @Test
    void appliesBuiltInThenUserTemplateThenServiceEntry() {
        runner.withPropertyValues(
                "retry.templates.partner-api.based-on=http-api",
                "retry.templates.partner-api.max-attempts=4",
                "retry.templates.partner-api.base-delay=1s",
                "retry.templates.partner-api.budget.ratio=0.05",
                "retry.services.partner.template=partner-api",
                "retry.services.partner.base-delay=750ms",
                "retry.services.partner.budget.burst-capacity=5").run(context -> {
                    ServicePolicy policy = context.getBean(RetryPolicies.class).services().get("partner");
                    assertThat(policy.template()).isEqualTo("partner-api");
                    // built-in http-api
                    assertThat(policy.strategy()).isEqualTo("exponential-jitter");
                    assertThat(policy.backoff().maxDelay()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(policy.retryableStatusCodes()).contains(429, 503);
                    assertThat(policy.respectRetryAfter()).isTrue();
                    // user template over the built-in
                    assertThat(policy.maxAttempts()).isEqualTo(4);
                    assertThat(policy.budget().ratio()).isEqualTo(0.05);
                    // service entry over the user template
                    assertThat(policy.backoff().baseDelay()).isEqualTo(Duration.ofMillis(750));
                    assertThat(policy.budget().burstCapacity()).isEqualTo(5);
                    assertThat(policy.budget().minRetriesPerSecond()).isEqualTo(RetryBudgetConfig.DEFAULT.minRetriesPerSecond());
                });
    }

    @Test
    void userTemplateNamedLikeABuiltInOverridesOnlyTheKeysItWrites() {
        runner.withPropertyValues("retry.templates.http-api.max-attempts=7", "retry.services.catalog.template=http-api")
                .run(context -> {
                    ServicePolicy policy = context.getBean(RetryPolicies.class).services().get("catalog");
                    assertThat(policy.maxAttempts()).isEqualTo(7);
                    assertThat(policy.backoff().baseDelay()).isEqualTo(Duration.ofMillis(500));
                    assertThat(policy.retryableExceptions()).containsExactly(IOException.class);
                });
    }

    @Test
    void templateWithoutBasedOnExtendsMicroservice() {
        runner.withPropertyValues("retry.templates.internal.max-attempts=2").run(context -> {
            ServicePolicy policy = context.getBean(RetryPolicies.class).templates().resolve("internal");
            assertThat(policy.maxAttempts()).isEqualTo(2);
            assertThat(policy.strategy()).isEqualTo("decorrelated-jitter");
        });
    }

    @Test
    void serviceWithoutTemplateUsesTheDefaultTemplate() {
        runner.withPropertyValues("retry.default-template=cache", "retry.services.sessions.max-attempts=3").run(context -> {
            ServicePolicy policy = context.getBean(RetryPolicies.class).services().get("sessions");
            assertThat(policy.template()).isEqualTo("cache");
            assertThat(policy.strategy()).isEqualTo("fixed");
            assertThat(policy.maxAttempts()).isEqualTo(3);
        });
    }

    @Test
    void serviceCanRemoveATimeoutWithZero() {
        runner.withPropertyValues("retry.templates.slow.timeout.total=5s", "retry.services.reports.template=slow",
                "retry.services.reports.timeout.total=0s").run(context -> {
                    assertThat(context.getBean(RetryPolicies.class).templates().resolve("slow").timeout().total())
                            .isEqualTo(Duration.ofSeconds(5));
                    assertThat(context.getBean(RetryPolicies.class).services().get("reports").timeout().total()).isNull();
                });
    }

    @Test
    void annotationOnlyServiceUsesTheAnnotationTemplateElseTheDefault() {
        runner.withPropertyValues("retry.default-template=cache", "retry.services.payments.max-attempts=9").run(context -> {
            RetryPolicies policies = context.getBean(RetryPolicies.class);
            assertThat(policies.policyFor("llm", "ai-service").template()).isEqualTo("ai-service");
            assertThat(policies.policyFor("sessions", "").template()).isEqualTo("cache");
            assertThat(policies.policyFor("sessions", null).strategy()).isEqualTo("fixed");
            assertThat(policies.policyFor("payments", "ai-service").maxAttempts()).isEqualTo(9);
            assertThat(policies.isConfigured("payments")).isTrue();
            assertThat(policies.isConfigured("llm")).isFalse();
        });
    }

    @Test
    void annotationNamingAnUnknownTemplateIsReportedWithTheKnownTemplates() {
        runner.withPropertyValues("retry.templates.partner-api.based-on=http-api").run(context ->
                assertThatExceptionOfType(InvalidRetryConfigurationException.class)
                        .isThrownBy(() -> context.getBean(RetryPolicies.class).policyFor("llm", "ai"))
                        .satisfies(e -> {
                            assertThat(e.property()).isEqualTo("@Retryable(\"llm\").template");
                            assertThat(e.value()).isEqualTo("ai");
                            assertThat(e.allowedValues()).contains("ai-service", "microservice", "partner-api");
                        }));
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomPolicies {
        final RetryPolicies policies = new RetryPolicies(TemplateRegistry.builtIn(), Map.of(), RetryBudgetConfig.GLOBAL_DEFAULT,
                10, StoreType.MEMORY, Map.of());

        @Bean
        RetryPolicies customRetryPolicies() {
            return policies;
        }
    }
}
