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
 * own ({@code payments} for the metrics, {@code inventory} for the dashboard), and {@code catalog}, whose breaker opens
 * after 10 calls at 50 % failures and stays open for 5 minutes (the dashboard's outage).
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
        "retry.services.inventory.circuit-breaker.sliding-window-size=1000",
        "retry.services.catalog.template=http-api",
        "retry.services.catalog.strategy=immediate",
        "retry.services.catalog.max-attempts=2",
        "retry.services.catalog.bulkhead.max-concurrent-calls=10",
        "retry.services.catalog.circuit-breaker.sliding-window-type=count",
        "retry.services.catalog.circuit-breaker.sliding-window-size=20",
        "retry.services.catalog.circuit-breaker.minimum-calls=10",
        "retry.services.catalog.circuit-breaker.failure-rate-threshold=50",
        "retry.services.catalog.circuit-breaker.wait-in-open=5m" })
public @interface RetryWebIntegrationTest {
}
