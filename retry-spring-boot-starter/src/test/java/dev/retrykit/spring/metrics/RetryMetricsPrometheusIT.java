package dev.retrykit.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.spring.testsupport.RetryWebIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The starter's meters reach {@code /actuator/prometheus} under the names of PRODUCT.md §5. */
@RetryWebIntegrationTest
class RetryMetricsPrometheusIT {

    @LocalServerPort
    private int port;

    @Autowired
    private ServiceRegistry registry;

    @Autowired
    private RetryMetrics metrics;

    @Test
    void prometheusScrapeShowsCallsDurationsAndBreakerStateOfRealCalls() throws Exception {
        GuardedService payments = registry.find("payments");
        payments.call(() -> "paid");
        int[] attempts = {0};
        payments.call(() -> {
            if (attempts[0]++ == 0) {
                throw new IOException("connection reset");
            }
            return "paid";
        });
        assertThatThrownBy(() -> payments.call(() -> {
            throw new IOException("down");
        })).isInstanceOf(IOException.class);

        String scrape = scrape();
        System.out.println("---- /actuator/prometheus (retry_*, payments) ----");
        scrape.lines().filter(line -> line.contains("payments") || line.startsWith("retry_concurrent"))
                .filter(line -> !line.contains("_bucket") || line.contains("le=\"0.001048576\"") || line.contains("le=\"+Inf\""))
                .forEach(System.out::println);

        assertThat(PrometheusScrape.value(scrape, "retry_calls_total", "service", "payments", "outcome", "success")).isEqualTo(1.0);
        assertThat(PrometheusScrape.value(scrape, "retry_calls_total", "service", "payments", "outcome", "success_after_retry")).isEqualTo(1.0);
        assertThat(PrometheusScrape.value(scrape, "retry_calls_total", "service", "payments", "outcome", "exhausted")).isEqualTo(1.0);
        assertThat(PrometheusScrape.value(scrape, "retry_calls_total", "service", "payments", "outcome", "budget_exhausted")).isEqualTo(0.0);
        assertThat(PrometheusScrape.value(scrape, "retry_attempts_total", "service", "payments")).isEqualTo(5.0);
        assertThat(PrometheusScrape.value(scrape, "retry_call_duration_seconds_bucket", "service", "payments", "le", "+Inf")).isEqualTo(3.0);
        assertThat(PrometheusScrape.value(scrape, "retry_call_duration_seconds_count", "service", "payments")).isEqualTo(3.0);
        assertThat(PrometheusScrape.value(scrape, "retry_circuit_state", "service", "payments", "state", "CLOSED")).isEqualTo(1.0);
        assertThat(PrometheusScrape.value(scrape, "retry_circuit_state", "service", "payments", "state", "FORCED_OPEN")).isEqualTo(0.0);
        assertThat(PrometheusScrape.value(scrape, "retry_budget_remaining", "service", "payments")).isPositive();
        assertThat(PrometheusScrape.value(scrape, "retry_budget_rejections_total", "service", "payments")).isZero();
        assertThat(PrometheusScrape.value(scrape, "retry_bulkhead_available", "service", "payments")).isEqualTo(20.0);
        assertThat(PrometheusScrape.value(scrape, "retry_service_health", "service", "payments")).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(PrometheusScrape.value(scrape, "retry_concurrent")).isZero();
    }

    private String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(metrics).isNotNull();
        return response.body();
    }
}
