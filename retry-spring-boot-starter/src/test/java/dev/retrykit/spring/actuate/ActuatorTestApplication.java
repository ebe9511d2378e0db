package dev.retrykit.spring.actuate;

import dev.retrykit.annotation.Retryable;
import java.io.IOException;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application the endpoint ITs start: full auto-configuration, no component scan, one bean whose service
 * exists only through its annotation. Each IT adds its own security configuration and properties.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class ActuatorTestApplication {

    @Bean
    QuoteClient quoteClient() {
        return new QuoteClient();
    }

    /** A client guarded only by its annotation: {@code quotes} is in no {@code retry.services} entry. */
    static class QuoteClient {

        @Retryable(service = "quotes", template = "cache")
        public String quote(String symbol) throws IOException {
            return "quote:" + symbol;
        }
    }
}
