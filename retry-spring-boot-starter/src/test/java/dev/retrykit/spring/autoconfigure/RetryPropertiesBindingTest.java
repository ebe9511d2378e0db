package dev.retrykit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.breaker.CircuitBreakerConfig;
import dev.retrykit.core.breaker.SlidingWindowType;
import dev.retrykit.core.budget.RetryBudgetConfig;
import dev.retrykit.core.bulkhead.BulkheadConfig;
import dev.retrykit.core.hedge.HedgingConfig;
import dev.retrykit.core.shed.LoadSheddingConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RetryPropertiesBindingTest {

    private static final String S = "retry.services.claude-api.";

    private final ApplicationContextRunner runner = RetryTestContexts.runner()
            .withUserConfiguration(RetryTestContexts.RedisStoreWithoutServer.class).withPropertyValues(
            "retry.enabled=true",
            "retry.default-template=http-api",
            "retry.global.max-concurrent-retries=50",
            "retry.global.budget.enabled=false",
            "retry.global.budget.ratio=0.3",
            "retry.global.budget.min-retries-per-second=5",
            "retry.global.budget.max-retries-per-minute=600",
            "retry.global.budget.max-retries-per-hour=6000",
            "retry.global.budget.burst-capacity=40",
            "retry.templates.partner-api.based-on=http-api",
            "retry.templates.partner-api.max-attempts=4",
            S + "template=ai-service",
            S + "max-attempts=5",
            S + "strategy=exponential-jitter",
            S + "base-delay=2s",
            S + "max-delay=60s",
            S + "multiplier=2.5",
            S + "jitter=0.15",
            S + "retryable-exceptions=java.io.IOException",
            S + "non-retryable-exceptions=java.lang.IllegalArgumentException",
            S + "retryable-status-codes=408,429,500,502,503,504,529",
            S + "respect-retry-after=true",
            S + "timeout.per-attempt=30s",
            S + "timeout.total=120s",
            S + "timeout.adaptive=true",
            S + "circuit-breaker.enabled=true",
            S + "circuit-breaker.sliding-window-type=time",
            S + "circuit-breaker.sliding-window-size=60",
            S + "circuit-breaker.minimum-calls=10",
            S + "circuit-breaker.failure-rate-threshold=40",
            S + "circuit-breaker.slow-call-duration=8s",
            S + "circuit-breaker.slow-call-rate-threshold=70",
            S + "circuit-breaker.wait-in-open=20s",
            S + "circuit-breaker.max-wait-in-open=4m",
            S + "circuit-breaker.half-open-calls=2",
            S + "circuit-breaker.max-time-in-half-open=45s",
            S + "budget.enabled=true",
            S + "budget.ratio=0.15",
            S + "budget.min-retries-per-second=2",
            S + "budget.max-retries-per-minute=100",
            S + "budget.max-retries-per-hour=1000",
            S + "budget.burst-capacity=25",
            S + "bulkhead.max-concurrent-calls=12",
            S + "bulkhead.max-wait=50ms",
            S + "load-shedding.enabled=true",
            S + "load-shedding.cpu-threshold=0.8",
            S + "load-shedding.adaptive-concurrency=false",
            S + "hedging.enabled=true",
            S + "hedging.delay=150ms",
            S + "hedging.max-hedges=2",
            "retry.store.type=redis",
            "retry.store.redis.key-prefix=shop",
            "retry.store.redis.sync-interval=500ms",
            "retry.chaos.enabled=true",
            "retry.chaos.services.claude-api.failure-rate=0.3",
            "retry.chaos.services.claude-api.latency=200ms",
            "retry.chaos.services.claude-api.exception=java.net.ConnectException",
            "retry.dashboard.enabled=true",
            "retry.dashboard.path=/ops/retry",
            "retry.health.down-on-open=true",
            "retry.idempotency.ttl=2h");

    @Test
    void bindsEveryTopLevelKey() {
        runner.run(context -> {
            RetryProperties properties = context.getBean(RetryProperties.class);
            assertThat(properties.isEnabled()).isTrue();
            assertThat(properties.getDefaultTemplate()).isEqualTo("http-api");
            assertThat(properties.getGlobal().getMaxConcurrentRetries()).isEqualTo(50);
            RetryProperties.GlobalBudget budget = properties.getGlobal().getBudget();
            assertThat(budget.isEnabled()).isFalse();
            assertThat(budget.getRatio()).isEqualTo(0.3);
            assertThat(budget.getMinRetriesPerSecond()).isEqualTo(5);
            assertThat(budget.getMaxRetriesPerMinute()).isEqualTo(600);
            assertThat(budget.getMaxRetriesPerHour()).isEqualTo(6000);
            assertThat(budget.getBurstCapacity()).isEqualTo(40);
            assertThat(properties.getTemplates().get("partner-api").getBasedOn()).isEqualTo("http-api");
            assertThat(properties.getTemplates().get("partner-api").getMaxAttempts()).isEqualTo(4);
            assertThat(properties.getStore().getType()).isEqualTo("redis");
            assertThat(properties.getStore().getRedis().getKeyPrefix()).isEqualTo("shop");
            assertThat(properties.getStore().getRedis().getSyncInterval()).isEqualTo(Duration.ofMillis(500));
            assertThat(properties.getChaos().isEnabled()).isTrue();
            RetryProperties.ChaosService chaos = properties.getChaos().getServices().get("claude-api");
            assertThat(chaos.getFailureRate()).isEqualTo(0.3);
            assertThat(chaos.getLatency()).isEqualTo(Duration.ofMillis(200));
            assertThat(chaos.getException()).isEqualTo("java.net.ConnectException");
            assertThat(properties.getDashboard().isEnabled()).isTrue();
            assertThat(properties.getDashboard().getPath()).isEqualTo("/ops/retry");
            assertThat(properties.getHealth().isDownOnOpen()).isTrue();
            assertThat(properties.getIdempotency().getTtl()).isEqualTo(Duration.ofHours(2));
        });
    }

    @Test
    void bindsEveryServiceKeyIntoTheResolvedPolicy() {
        runner.run(context -> {
            ServicePolicy policy = context.getBean(RetryPolicies.class).services().get("claude-api");
            assertThat(policy.template()).isEqualTo("ai-service");
            assertThat(policy.maxAttempts()).isEqualTo(5);
            assertThat(policy.strategy()).isEqualTo("exponential-jitter");
            assertThat(policy.backoff().baseDelay()).isEqualTo(Duration.ofSeconds(2));
            assertThat(policy.backoff().maxDelay()).isEqualTo(Duration.ofSeconds(60));
            assertThat(policy.backoff().multiplier()).isEqualTo(2.5);
            assertThat(policy.backoff().jitter()).isEqualTo(0.15);
            assertThat(policy.retryableExceptions()).containsExactly(IOException.class);
            assertThat(policy.nonRetryableExceptions()).containsExactly(IllegalArgumentException.class);
            assertThat(policy.retryableStatusCodes()).containsExactlyInAnyOrder(408, 429, 500, 502, 503, 504, 529);
            assertThat(policy.respectRetryAfter()).isTrue();
            assertThat(policy.timeout().perAttempt()).isEqualTo(Duration.ofSeconds(30));
            assertThat(policy.timeout().total()).isEqualTo(Duration.ofSeconds(120));
            assertThat(policy.timeout().adaptive()).isTrue();
            assertThat(policy.circuitBreaker()).isEqualTo(new CircuitBreakerConfig(true, SlidingWindowType.TIME, 60, 10, 40,
                    Duration.ofSeconds(8), 70, Duration.ofSeconds(20), Duration.ofMinutes(4), 2, Duration.ofSeconds(45)));
            assertThat(policy.budget()).isEqualTo(new RetryBudgetConfig(true, 0.15, 2, 100, 1000, 25));
            assertThat(policy.bulkhead()).isEqualTo(new BulkheadConfig(12, Duration.ofMillis(50)));
            assertThat(policy.loadShedding()).isEqualTo(new LoadSheddingConfig(true, 0.8, false));
            assertThat(policy.hedging()).isEqualTo(new HedgingConfig(true, Duration.ofMillis(150), 2));
        });
    }

    @Test
    void resolvesGlobalStoreAndChaosSettings() {
        runner.run(context -> {
            RetryPolicies policies = context.getBean(RetryPolicies.class);
            assertThat(policies.maxConcurrentRetries()).isEqualTo(50);
            assertThat(policies.globalBudget()).isEqualTo(new RetryBudgetConfig(false, 0.3, 5, 600, 6000, 40));
            assertThat(policies.storeType()).isEqualTo(StoreType.REDIS);
            assertThat(policies.chaos()).containsEntry("claude-api",
                    new ChaosSettings(0.3, Duration.ofMillis(200), ConnectException.class));
            assertThat(policies.templates().defaultTemplate()).isEqualTo("http-api");
            assertThat(policies.templates().resolve("partner-api").maxAttempts()).isEqualTo(4);
        });
    }

    @Test
    void usesDocumentedDefaultsWhenNothingIsConfigured() {
        RetryTestContexts.runner().run(context -> {
            RetryProperties properties = context.getBean(RetryProperties.class);
            assertThat(properties.getDefaultTemplate()).isEqualTo("microservice");
            assertThat(properties.getStore().getType()).isEqualTo("memory");
            assertThat(properties.getDashboard().getPath()).isEqualTo("/retry-dashboard");
            assertThat(properties.getHealth().isDownOnOpen()).isFalse();
            assertThat(properties.getIdempotency().getTtl()).isEqualTo(Duration.ofHours(24));
            RetryPolicies policies = context.getBean(RetryPolicies.class);
            assertThat(policies.services()).isEmpty();
            assertThat(policies.globalBudget()).isEqualTo(RetryBudgetConfig.GLOBAL_DEFAULT);
            assertThat(policies.maxConcurrentRetries()).isEqualTo(100);
            assertThat(policies.storeType()).isEqualTo(StoreType.MEMORY);
            assertThat(policies.chaos()).isEmpty();
        });
    }

    @Test
    void leavesServiceKeysUnsetUntilWritten() {
        RetryTestContexts.runner().withPropertyValues("retry.services.orders.max-attempts=2").run(context -> {
            RetryProperties.Service orders = context.getBean(RetryProperties.class).getServices().get("orders");
            assertThat(orders.getMaxAttempts()).isEqualTo(2);
            assertThat(orders.getStrategy()).isNull();
            assertThat(orders.getBaseDelay()).isNull();
            assertThat(orders.getRetryableExceptions()).isNull();
            assertThat(orders.getCircuitBreaker()).isNull();
            assertThat(orders.getHedging()).isNull();
        });
    }

    @Test
    void inheritsMaxTimeInHalfOpenFromAUserTemplateAndLetsAServiceOverrideIt() {
        RetryTestContexts.runner().withPropertyValues(
                "retry.templates.patient.based-on=http-api",
                "retry.templates.patient.circuit-breaker.max-time-in-half-open=5m",
                "retry.services.reports.template=patient",
                "retry.services.exports.template=patient",
                "retry.services.exports.circuit-breaker.max-time-in-half-open=90s",
                "retry.services.orders.max-attempts=2").run(context -> {
                    RetryPolicies policies = context.getBean(RetryPolicies.class);
                    assertThat(policies.templates().resolve("patient").circuitBreaker().maxTimeInHalfOpen())
                            .isEqualTo(Duration.ofMinutes(5));
                    assertThat(policies.services().get("reports").circuitBreaker().maxTimeInHalfOpen())
                            .isEqualTo(Duration.ofMinutes(5));
                    assertThat(policies.services().get("exports").circuitBreaker().maxTimeInHalfOpen())
                            .isEqualTo(Duration.ofSeconds(90));
                    assertThat(policies.services().get("orders").circuitBreaker().maxTimeInHalfOpen())
                            .isEqualTo(CircuitBreakerConfig.DEFAULT.maxTimeInHalfOpen());
                });
    }
}
