package dev.retrykit.spring.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Adds retrykit to a test slice ({@code @WebMvcTest}, {@code @WebFluxTest}, {@code @DataJdbcTest}, ...), which
 * leaves the starter's auto-configuration out: the service registry, the templates and {@code retry.*} properties,
 * the advice around {@code @Retryable} and {@code @CircuitGuarded} methods, and the HTTP status classification of
 * {@code RestClient} and {@code WebClient} failures. Actuator, metrics, dashboard and Redis stay out, as a slice
 * would want.
 *
 * <p>The auto-configurations imported are listed in
 * {@code META-INF/spring/dev.retrykit.spring.test.autoconfigure.AutoConfigureRetry.imports}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureRetry {
}
