package dev.retrykit.spring.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.idempotency.IdempotencyStore;
import dev.retrykit.core.idempotency.IdempotentCalls;
import dev.retrykit.core.idempotency.InMemoryIdempotencyStore;
import dev.retrykit.core.store.SharedStateStore;
import dev.retrykit.core.store.StateSynchronizer;
import dev.retrykit.spring.actuate.RetryStoreStatus;
import dev.retrykit.spring.autoconfigure.RetryAutoConfiguration;
import dev.retrykit.spring.autoconfigure.RetryRedisAutoConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.StringRedisTemplate;

/** {@code retry.store.type=redis} with Spring Boot's Redis auto-configuration against a real Redis server. */
class RetryRedisAutoConfigurationIT {

    private static TestRedis redis;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RetryAutoConfiguration.class,
                    RetryRedisAutoConfiguration.class))
            .withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
                    "spring.data.redis.timeout=500ms", "retry.store.redis.sync-interval=50ms",
                    "retry.store.redis.key-prefix=ctx");

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void redisStoreTypeWiresSharedStateIdempotencyAndStatus() {
        runner.withPropertyValues("retry.store.type=redis").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(StateSynchronizer.class)
                    .hasSingleBean(IdempotencyStore.class).hasSingleBean(RetryStoreStatus.class);
            assertThat(context.getBean(SharedStateStore.class)).isInstanceOf(RedisSharedStateStore.class);
            assertThat(context.getBean(IdempotentCalls.class).store()).isInstanceOf(RedisIdempotencyStore.class);
            RetryStoreStatus status = context.getBean(RetryStoreStatus.class);
            assertThat(status.type()).isEqualTo("redis");
            assertThat(status.reachable()).isTrue();

            context.getBean(ServiceRegistry.class).service("quotes").circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);
            StringRedisTemplate redisClient = context.getBean(StringRedisTemplate.class);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> String.valueOf(redisClient.opsForHash().get("ctx:breakers", "quotes")).startsWith("FORCED_OPEN|"));
        });
    }

    @Test
    void memoryStoreTypeLeavesRedisAlone() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(StateSynchronizer.class)
                    .doesNotHaveBean(SharedStateStore.class).doesNotHaveBean(RetryStoreStatus.class);
            assertThat(context.getBean(IdempotencyStore.class)).isInstanceOf(InMemoryIdempotencyStore.class);
        });
    }
}
