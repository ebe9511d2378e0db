package dev.retrykit.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Puts retrykit in a Spring test context on virtual time and gives every test a fresh start. Use it beside
 * {@code @SpringBootTest} (or a slice with {@code @AutoConfigureRetry}):
 * <ul>
 *   <li>the registry's clock, sleeper and scheduler are one {@link dev.retrykit.core.time.ManualClock}: backoffs and
 *       breaker waits of blocking calls pass at once and deterministically; asynchronous retries and breaker waits
 *       run when the test advances the clock ({@link RetryAssertions#virtualClock()});</li>
 *   <li>before each test every service is reset (breaker CLOSED, budgets full, statistics forgotten) and the
 *       recorded calls are cleared;</li>
 *   <li>{@link RetryAssertions#retries(String)} tells what a service did in the test.</li>
 * </ul>
 * Make a named service fail with {@link RetryChaos}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration(RetryTestAutoConfiguration.class)
public @interface RetryTest {
}
