package dev.retrykit.spring.testsupport;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The application the web integration tests start: full auto-configuration, the starter included, and the
 * {@link TestRetryEndpointStub} standing in for the {@code retry} actuator endpoint. No component scanning.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TestRetryEndpointStub.class)
public class RetryWebTestApplication {
}
