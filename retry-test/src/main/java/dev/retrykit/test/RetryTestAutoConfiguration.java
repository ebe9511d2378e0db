package dev.retrykit.test;

import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.time.ManualClock;
import dev.retrykit.spring.autoconfigure.RetryAutoConfiguration;
import dev.retrykit.spring.autoconfigure.RetryRegistryCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * What {@link RetryTest} imports: the virtual clock, the registry customizer that puts the registry on it, the call
 * recorder and the {@link RetryTestSupport} that resets everything between tests.
 */
@AutoConfiguration(before = RetryAutoConfiguration.class)
public class RetryTestAutoConfiguration {

    /** The virtual clock, sleeper and scheduler of the registry. */
    @Bean
    @ConditionalOnMissingBean
    public ManualClock retryTestClock() {
        return new ManualClock();
    }

    /** Puts the registry on {@code clock}. */
    @Bean
    public RetryRegistryCustomizer retryTestVirtualTime(ManualClock clock) {
        return builder -> builder.clock(clock).sleeper(clock).scheduler(clock);
    }

    /** Records finished calls for {@link RetryAssertions}. */
    @Bean
    public RetryRecorder retryTestRecorder() {
        return new RetryRecorder();
    }

    /** The reset between tests and the lookups of {@link RetryAssertions}. */
    @Bean
    public RetryTestSupport retryTestSupport(ServiceRegistry registry, ManualClock clock, RetryRecorder recorder) {
        return new RetryTestSupport(registry, clock, recorder);
    }
}
