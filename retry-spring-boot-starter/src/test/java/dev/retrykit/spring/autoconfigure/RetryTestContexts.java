package dev.retrykit.spring.autoconfigure;

import dev.retrykit.spring.diagnostics.InvalidRetryConfigurationFailureAnalyzer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Shared set-up of the auto-configuration tests. */
final class RetryTestContexts {

    private RetryTestContexts() {
    }

    /** A context with only {@link RetryAutoConfiguration}. */
    static ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class));
    }

    /**
     * A context with only {@link RetryAutoConfiguration} and a Redis connection factory that never connects, for
     * tests of {@code retry.store.type=redis} that are about binding, not about Redis.
     */
    static ApplicationContextRunner runnerWithRedisConnection() {
        return runner().withBean(org.springframework.data.redis.connection.RedisConnectionFactory.class,
                org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory::new);
    }

    /** What the starter's failure analyzer makes of a startup failure; {@code null} when it does not apply. */
    static FailureAnalysis analyze(Throwable startupFailure) {
        return new InvalidRetryConfigurationFailureAnalyzer().analyze(startupFailure);
    }
}
