package dev.retrykit.spring.autoconfigure;

import dev.retrykit.core.store.InMemorySharedStateStore;
import dev.retrykit.core.store.SharedStateStore;
import dev.retrykit.spring.diagnostics.InvalidRetryConfigurationFailureAnalyzer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Shared set-up of the auto-configuration tests (and the documentation's snippet test). */
public final class RetryTestContexts {

    private RetryTestContexts() {
    }

    /** A context with only {@link RetryAutoConfiguration}. */
    static ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class));
    }

    /** What the starter's failure analyzer makes of a startup failure; {@code null} when it does not apply. */
    static FailureAnalysis analyze(Throwable startupFailure) {
        return new InvalidRetryConfigurationFailureAnalyzer().analyze(startupFailure);
    }

    /**
     * What lets {@code retry.store.type=redis} start without a Redis server, for tests about binding rather than
     * Redis: a connection factory that is never connected and an in-memory shared-state store.
     */
    @Configuration(proxyBeanMethods = false)
    public static class RedisStoreWithoutServer {

        @Bean
        LettuceConnectionFactory redisConnectionFactory() {
            return new LettuceConnectionFactory();
        }

        @Bean
        SharedStateStore sharedStateStore() {
            return new InMemorySharedStateStore();
        }
    }
}
