package dev.retrykit.spring.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * One shared configuration for the tests that start the web application on a random port, so that they share a
 * single cached context: Prometheus and the {@code retry} endpoint exposed with write access, the dashboard on,
 * and two services that retry {@code IOException}s once without waiting and whose breakers do not open on their
 * own ({@code payments} for the metrics, {@code inventory} for the dashboard).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@AutoConfigureMetrics
@SpringBootTest(classes = RetryWebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoints.web.exposure.include=prometheus,retry,health",
        "management.endpoint.retry.access=unrestricted",
        "retry.dashboard.enabled=true",
        "retry.services.payments.template=http-api",
        "retry.services.payments.strategy=immediate",
        "retry.services.payments.max-attempts=2",
        "retry.services.payments.bulkhead.max-concurrent-calls=20",
        "retry.services.payments.circuit-breaker.minimum-calls=1000",
        "retry.services.payments.circuit-breaker.sliding-window-size=1000",
        "retry.services.inventory.template=http-api",
        "retry.services.inventory.strategy=immediate",
        "retry.services.inventory.max-attempts=2",
        "retry.services.inventory.circuit-breaker.minimum-calls=1000",
        "retry.services.inventory.circuit-breaker.sliding-window-size=1000" })
public @interface RetryWebIntegrationTest {
}
