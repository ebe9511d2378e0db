package dev.retrykit.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitState;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.JsonNode;

/**
 * The endpoint over HTTP with its default access (read-only) and security letting everything through, so that only
 * the endpoint's access decides; health with {@code retry.health.down-on-open=true}. One context for the class.
 */
@SpringBootTest(classes = {ActuatorTestApplication.class, RetryEndpointReadOnlyIT.OpenSecurity.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "management.endpoints.web.exposure.include=retry,health",
                "management.endpoint.health.show-details=always",
                "management.health.redis.enabled=false",
                "retry.health.down-on-open=true",
                "retry.services.payments.template=http-api",
                "retry.services.inventory.template=database"})
class RetryEndpointReadOnlyIT {

    @LocalServerPort
    private int port;

    @Autowired
    private ServiceRegistry registry;

    private ActuatorHttp http;

    @BeforeEach
    void connect() {
        http = new ActuatorHttp(port);
    }

    @Test
    void readsWorkByDefault() {
        HttpResponse<String> all = http.get("/retry");
        HttpResponse<String> one = http.get("/retry/payments");

        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(ActuatorHttp.json(all).get("services").get("payments").get("template").asString()).isEqualTo("http-api");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(ActuatorHttp.json(one).has("events")).isTrue();
    }

    @Test
    void postIsRefusedByDefaultAndNothingChanges() {
        GuardedService payments = registry.find("payments");
        ServicePolicy before = payments.policy();

        HttpResponse<String> response = http.post("/retry/payments", "{\"circuitState\":\"FORCED_OPEN\",\"maxAttempts\":9}");

        assertThat(response.statusCode()).isIn(404, 405);
        assertThat(payments.policy()).isSameAs(before);
        assertThat(payments.circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(payments.recentEvents().newestFirst()).isEmpty();
    }

    @Test
    void openBreakerTurnsHealthDownWhenDownOnOpen() {
        assertThat(healthStatus()).isEqualTo("UP");
        GuardedService inventory = registry.find("inventory");
        try {
            inventory.circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);

            HttpResponse<String> health = http.get("/health/retry");
            assertThat(health.statusCode()).isEqualTo(503);
            JsonNode json = ActuatorHttp.json(health);
            assertThat(json.get("status").asString()).isEqualTo("DOWN");
            assertThat(json.get("details").get("services").get("inventory").get("state").asString()).isEqualTo("FORCED_OPEN");
            assertThat(http.get("/health").statusCode()).isEqualTo(503);
        } finally {
            inventory.circuitBreaker().transitionTo(CircuitState.CLOSED);
        }
        assertThat(healthStatus()).isEqualTo("UP");
    }

    private String healthStatus() {
        return ActuatorHttp.json(http.get("/health/retry")).get("status").asString();
    }

    /** Lets every request through: access to the endpoint is all that is tested here. */
    @Configuration(proxyBeanMethods = false)
    static class OpenSecurity {

        @Bean
        SecurityFilterChain openSecurity(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .csrf(AbstractHttpConfigurer::disable)
                    .build();
        }
    }
}
