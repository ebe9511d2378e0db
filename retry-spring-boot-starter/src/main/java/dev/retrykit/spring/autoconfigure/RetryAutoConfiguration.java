package dev.retrykit.spring.autoconfigure;

import java.util.concurrent.ExecutorService;
import org.springframework.beans.factory.annotation.Qualifier;

import dev.retrykit.core.AttemptDecorator;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.backoff.BackoffStrategies;
import dev.retrykit.core.classify.ClassifierProvider;
import dev.retrykit.core.event.RetryEventListener;
import dev.retrykit.core.idempotency.IdempotencyKeys;
import dev.retrykit.core.idempotency.IdempotencyStore;
import dev.retrykit.core.idempotency.IdempotentCalls;
import dev.retrykit.core.idempotency.InMemoryIdempotencyStore;
import dev.retrykit.core.observation.CallObserver;
import dev.retrykit.core.store.SharedStateStore;
import dev.retrykit.core.time.Clock;
import dev.retrykit.core.time.Sleeper;
import dev.retrykit.core.backoff.BackoffStrategyFactory;
import dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException;
import dev.retrykit.spring.observation.ContextSnapshotAttemptDecorator;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of retrykit's policies: binds {@link RetryProperties} and resolves them into
 * {@link RetryPolicies}. Creating that bean validates the whole {@code retry.*} configuration, so an invalid
 * value fails startup with an {@link dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException}.
 * Switched off by {@code retry.enabled=false}. Every bean backs off when the user defines one of the same type.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "retry", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(RetryProperties.class)
public class RetryAutoConfiguration {

    /**
     * Name of an optional {@link ExecutorService} bean that runs attempts needing a worker (per-attempt timeouts,
     * hedging) and asynchronous retries, in place of retrykit's bounded default; it should be bounded too.
     */
    public static final String ATTEMPT_EXECUTOR = "retryAttemptExecutor";

    private static final String REDIS_CONNECTION_FACTORY = "org.springframework.data.redis.connection.RedisConnectionFactory";
    private static final String JACKSON_JSON_MAPPER = "tools.jackson.databind.json.JsonMapper";
    private static final String CONTEXT_SNAPSHOT_FACTORY = "io.micrometer.context.ContextSnapshotFactory";

    /** The built-in backoff strategies plus every {@link BackoffStrategyFactory} bean, in order. */
    @Bean
    @ConditionalOnMissingBean
    public BackoffStrategies retrykitBackoffStrategies(ObjectProvider<BackoffStrategyFactory> customStrategies) {
        BackoffStrategies strategies = BackoffStrategies.builtIn();
        for (BackoffStrategyFactory custom : customStrategies.orderedStream().toList()) {
            strategies = strategies.with(custom);
        }
        return strategies;
    }

    /**
     * The registry of guarded services: configured services up front, annotation-only services on first use, every
     * {@link ClassifierProvider}, {@link RetryEventListener} and {@link AttemptDecorator} bean applied, the
     * {@link CallObserver} bean when there is one (tracing), and the {@value #ATTEMPT_EXECUTOR} executor bean when the
     * application defines one, and every {@link RetryRegistryCustomizer} bean last. Attempts on worker threads get the caller's thread context: with Micrometer
     * context-propagation on the classpath every registered thread-local (the current observation, the idempotency
     * key, ...) through a context snapshot, otherwise the current idempotency key; then each decorator bean in order.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public ServiceRegistry retrykitServiceRegistry(RetryPolicies policies, BackoffStrategies strategies,
                                                ObjectProvider<ClassifierProvider> classifierProviders,
                                                ObjectProvider<RetryEventListener> listeners,
                                                ObjectProvider<AttemptDecorator> attemptDecorators,
                                                ObjectProvider<CallObserver> callObserver,
                                                @Qualifier(ATTEMPT_EXECUTOR) ObjectProvider<ExecutorService> attemptExecutor,
                                                ObjectProvider<RetryRegistryCustomizer> customizers,
                                                ListableBeanFactory beanFactory, ResourceLoader resourceLoader) {
        if (policies.storeType() == StoreType.REDIS) {
            checkRedisStore(beanFactory, resourceLoader.getClassLoader());
        }
        ServiceRegistry.Builder builder = ServiceRegistry.builder().strategies(strategies).templates(policies.templates())
                .globalBudget(policies.globalBudget()).maxConcurrentRetries(policies.maxConcurrentRetries());
        classifierProviders.orderedStream().forEach(builder::classifierProvider);
        AttemptDecorator decorator = ClassUtils.isPresent(CONTEXT_SNAPSHOT_FACTORY, resourceLoader.getClassLoader())
                ? ContextSnapshotAttemptDecorator.create() : IdempotencyKeys.propagation();
        for (AttemptDecorator custom : attemptDecorators.orderedStream().toList()) {
            decorator = decorator.andThen(custom);
        }
        builder.attemptDecorator(decorator);
        listeners.orderedStream().forEach(builder::listener);
        callObserver.ifAvailable(builder::callObserver);
        attemptExecutor.ifAvailable(builder::attemptExecutor);
        policies.services().forEach(builder::service);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /**
     * Fails startup unless the Redis store will be created: {@code retry.store.type=redis} must never run on memory
     * without saying so. Runs when the registry is created, so every bean definition (the user's, Spring Boot's Redis
     * connection, {@link RetryRedisAutoConfiguration}'s store) is registered by then.
     */
    private static void checkRedisStore(ListableBeanFactory beanFactory, ClassLoader classLoader) {
        if (!ClassUtils.isPresent(REDIS_CONNECTION_FACTORY, classLoader)) {
            throw redisStoreProblem("needs Spring Data Redis, but it is not on the classpath", "spring-boot-starter-data-redis");
        }
        if (beanFactory.getBeanNamesForType(ClassUtils.resolveClassName(REDIS_CONNECTION_FACTORY, classLoader),
                true, false).length == 0) {
            throw new InvalidRetryConfigurationException("retry.store.type", "redis",
                    "needs a Redis connection, but the application has no RedisConnectionFactory",
                    "memory, or redis with spring-boot-starter-data-redis on the classpath and spring.data.redis.* set");
        }
        if (!ClassUtils.isPresent(JACKSON_JSON_MAPPER, classLoader)) {
            throw redisStoreProblem("needs Jackson 3 (" + JACKSON_JSON_MAPPER + ") to store idempotent results, but it "
                    + "is not on the classpath", "spring-boot-starter-jackson (tools.jackson.core:jackson-databind)");
        }
        if (beanFactory.getBeanNamesForType(SharedStateStore.class, true, false).length == 0) {
            throw redisStoreProblem("was not set up: no SharedStateStore bean exists (is RetryRedisAutoConfiguration "
                    + "excluded?)", "RetryRedisAutoConfiguration or a SharedStateStore bean of your own");
        }
    }

    private static InvalidRetryConfigurationException redisStoreProblem(String reason, String toAdd) {
        return new InvalidRetryConfigurationException("retry.store.type", "redis", reason,
                "memory, or redis with " + toAdd + " added");
    }

    /** Where idempotency keys live: this JVM's memory unless a shared store is configured. */
    @Bean
    @ConditionalOnMissingBean
    public IdempotencyStore retrykitIdempotencyStore() {
        return new InMemoryIdempotencyStore(Clock.system());
    }

    /** At-most-once execution per idempotency key. */
    @Bean
    @ConditionalOnMissingBean
    public IdempotentCalls retrykitIdempotentCalls(IdempotencyStore store, RetryProperties properties) {
        return new IdempotentCalls(store, Clock.system(), Sleeper.system(), properties.getIdempotency().getTtl(),
                properties.getIdempotency().getInFlightWait(), properties.getIdempotency().getInFlightLease());
    }

    /** The validated templates and service policies; fails startup on any invalid value. */
    @Bean
    @ConditionalOnMissingBean
    public RetryPolicies retrykitPolicies(RetryProperties properties, BackoffStrategies strategies, ResourceLoader resourceLoader,
                                          Environment environment) {
        return new PolicyResolver(strategies, resourceLoader.getClassLoader())
                .resolve(properties, ConfigurationPropertySources.get(environment));
    }
}
