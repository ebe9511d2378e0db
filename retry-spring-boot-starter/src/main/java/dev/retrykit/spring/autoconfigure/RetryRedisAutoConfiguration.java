package dev.retrykit.spring.autoconfigure;

import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.idempotency.IdempotencyStore;
import dev.retrykit.core.idempotency.InMemoryIdempotencyStore;
import dev.retrykit.core.store.SharedStateStore;
import dev.retrykit.core.store.StateSynchronizer;
import dev.retrykit.core.time.Clock;
import dev.retrykit.spring.actuate.RetryStoreStatus;
import dev.retrykit.spring.redis.RedisIdempotencyStore;
import dev.retrykit.spring.redis.RedisSharedStateStore;
import dev.retrykit.spring.redis.RedisStoreStatus;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of the Redis store ({@code retry.store.type=redis}): circuit breaker trips and retry budgets
 * shared by every instance through a {@link StateSynchronizer} that syncs every {@code retry.store.redis.sync-interval}
 * in the background, idempotency keys claimed in Redis, and the store's status for the actuator endpoint. Needs a
 * {@link RedisConnectionFactory} (Spring Boot's Redis auto-configuration makes one from {@code spring.data.redis.*})
 * and Jackson. Runs before {@link RetryAutoConfiguration} so that its in-memory idempotency store backs off.
 *
 * <p>Keep {@code spring.data.redis.timeout} short (say 500 ms): a keyed call waits for Redis up to that timeout
 * before falling back to memory while Redis is down.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class, before = RetryAutoConfiguration.class)
@ConditionalOnClass({RedisConnectionFactory.class, StringRedisTemplate.class, JsonMapper.class})
@ConditionalOnProperty(prefix = "retry", name = "enabled", matchIfMissing = true)
@ConditionalOnProperty(prefix = "retry.store", name = "type", havingValue = "redis")
@ConditionalOnBean(RedisConnectionFactory.class)
@EnableConfigurationProperties(RetryProperties.class)
public class RetryRedisAutoConfiguration {

    /** Budget totals outlive this long without an exchange. */
    private static final Duration BUDGET_TTL = Duration.ofDays(1);
    /** After a Redis failure, keyed calls use memory this long before trying Redis again. */
    private static final Duration IDEMPOTENCY_RETRY_AFTER = Duration.ofSeconds(1);

    /** Breaker and budget state shared in Redis under {@code retry.store.redis.key-prefix}. */
    @Bean
    @ConditionalOnMissingBean
    public SharedStateStore retrykitSharedStateStore(RedisConnectionFactory connectionFactory, RetryProperties properties) {
        return new RedisSharedStateStore(new StringRedisTemplate(connectionFactory), keyPrefix(properties), BUDGET_TTL);
    }

    /** Syncs this instance's breakers and budgets with the shared store every sync interval. */
    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean
    public StateSynchronizer retrykitStateSynchronizer(ServiceRegistry registry, SharedStateStore store,
                                                    RetryProperties properties) {
        return new StateSynchronizer(registry, store, instanceId(), properties.getStore().getRedis().getSyncInterval());
    }

    /** Idempotency keys in Redis, in memory while Redis is unreachable. */
    @Bean
    @ConditionalOnMissingBean
    public IdempotencyStore retrykitRedisIdempotencyStore(RedisConnectionFactory connectionFactory, RetryProperties properties,
                                                       ObjectProvider<JsonMapper> jsonMapper) {
        return new RedisIdempotencyStore(new StringRedisTemplate(connectionFactory), keyPrefix(properties),
                jsonMapper.getIfAvailable(JsonMapper::new), new InMemoryIdempotencyStore(Clock.system()), Clock.system(), IDEMPOTENCY_RETRY_AFTER);
    }

    /** Reports the Redis store and whether it is reachable. */
    @Bean
    @ConditionalOnMissingBean
    public RetryStoreStatus retrykitStoreStatus(SharedStateStore store, IdempotencyStore idempotencyStore) {
        return new RedisStoreStatus(store, idempotencyStore);
    }

    private static String keyPrefix(RetryProperties properties) {
        return properties.getStore().getRedis().getKeyPrefix().trim();
    }

    /** {@code pid@host} plus a random suffix: unique even for several application contexts in one JVM. */
    private static String instanceId() {
        return ManagementFactory.getRuntimeMXBean().getName() + '/' + UUID.randomUUID().toString().substring(0, 8);
    }
}
