package dev.retrykit.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.CallRejectedException;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitState;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.config.Customizer;
import tools.jackson.databind.JsonNode;

/**
 * The endpoint over HTTP with writes allowed ({@code access=unrestricted}) behind Spring Security: reads are open,
 * a POST needs the OPERATOR role. One context for the whole class.
 */
@SpringBootTest(classes = {ActuatorTestApplication.class, RetryEndpointIT.OperatorSecurity.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "management.endpoints.web.exposure.include=retry,health",
                "management.endpoint.retry.access=unrestricted",
                "management.endpoint.health.show-details=always",
                "management.health.redis.enabled=false",
                "retry.services.payments.template=http-api",
                "retry.services.payments.strategy=fixed",
                "retry.services.payments.base-delay=1ms",
                "retry.services.payments.max-delay=5ms",
                "retry.services.inventory.template=database",
                "retry.services.ledger.template=database",
                // named like the health contributor's store detail, and never called
                "retry.services.store.template=cache",
                "retry.services.hammered.strategy=fixed",
                "retry.services.hammered.max-attempts=3",
                "retry.services.hammered.base-delay=1ms",
                "retry.services.hammered.max-delay=5ms",
                "retry.services.hammered.retryable-exceptions=java.io.IOException",
                // a breaker that only an operator moves: the load test checks runtime changes, not its own trips
                "retry.services.hammered.circuit-breaker.failure-rate-threshold=100",
                "retry.services.hammered.circuit-breaker.minimum-calls=50"})
class RetryEndpointIT {

    private static final String OPERATOR = "operator";
    private static final String VIEWER = "viewer";
    private static final String PASSWORD = "secret";

    @LocalServerPort
    private int port;

    @Autowired
    private ServiceRegistry registry;

    @Autowired
    private ActuatorTestApplication.QuoteClient quoteClient;

    private ActuatorHttp http;

    @BeforeEach
    void connect() {
        http = new ActuatorHttp(port);
    }

    @Test
    void listsConfiguredAndAnnotationOnlyServicesWithGlobalState() throws Exception {
        GuardedService payments = registry.find("payments");
        RetryFixtures.succeed(payments);
        RetryFixtures.succeedAfter(payments, 1);
        quoteClient.quote("ACME");

        HttpResponse<String> response = http.get("/retry");

        assertThat(response.statusCode()).isEqualTo(200);
        Path sample = Path.of("target", "retry-endpoint-sample.json");
        Files.writeString(sample, ActuatorHttp.json(response).toPrettyString());
        JsonNode json = ActuatorHttp.json(response);
        assertThat(List.copyOf(json.get("services").propertyNames()))
                .contains("hammered", "inventory", "ledger", "payments", "quotes", "store");
        JsonNode quotes = json.get("services").get("quotes");
        assertThat(quotes.get("template").asString()).isEqualTo("cache");
        assertThat(quotes.get("stats").get("calls").asLong()).isEqualTo(1);
        JsonNode neverCalled = json.get("services").get("store").get("stats");
        assertThat(neverCalled.get("calls").asLong()).isZero();
        assertThat(neverCalled.has("successRate")).isTrue();
        assertThat(neverCalled.get("successRate").isNull()).isTrue();
        assertThat(neverCalled.get("fallbackRate").isNull()).isTrue();
        JsonNode summary = json.get("services").get("payments");
        assertThat(summary.get("template").asString()).isEqualTo("http-api");
        assertThat(summary.get("strategy").asString()).isEqualTo("fixed");
        assertThat(summary.get("baseDelay").asString()).isEqualTo("PT0.001S");
        assertThat(summary.get("stats").get("retries").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(summary.get("circuitBreaker").get("state").asString()).isEqualTo("CLOSED");
        assertThat(summary.get("health").get("status").asString()).isEqualTo("HEALTHY");
        JsonNode global = json.get("global");
        assertThat(global.get("maxConcurrentRetries").asInt()).isEqualTo(100);
        assertThat(global.get("budget").get("enabled").asBoolean()).isTrue();
        assertThat(global.get("store").get("type").asString()).isEqualTo("memory");
        assertThat(global.get("store").get("reachable").asBoolean()).isTrue();
    }

    @Test
    void oneServiceAddsItsRecentEventsNewestFirst() {
        RetryFixtures.succeedAfter(registry.find("payments"), 1);

        HttpResponse<String> response = http.get("/retry/payments");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode events = ActuatorHttp.json(response).get("events");
        assertThat(events.get(0).get("type").asString()).isEqualTo("RECOVERED");
        assertThat(events.get(1).get("type").asString()).isEqualTo("RETRY_SCHEDULED");
        assertThat(events.get(1).get("errorType").asString()).isEqualTo("java.io.IOException");
    }

    @Test
    void unknownServiceIsNotFound() {
        assertThat(http.get("/retry/nope").statusCode()).isEqualTo(404);
        assertThat(http.post("/retry/nope", "{\"circuitState\":\"CLOSED\"}", OPERATOR, PASSWORD).statusCode())
                .isEqualTo(404);
    }

    @Test
    void anonymousPostIsRefusedAndNothingChanges() {
        ServicePolicy before = registry.find("inventory").policy();

        HttpResponse<String> response = http.post("/retry/inventory", "{\"circuitState\":\"FORCED_OPEN\",\"maxAttempts\":9}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(registry.find("inventory").policy()).isSameAs(before);
        assertThat(registry.find("inventory").circuitBreaker().state()).isNotEqualTo(CircuitState.FORCED_OPEN);
    }

    @Test
    void postWithoutTheOperatorRoleIsForbiddenAndNothingChanges() {
        ServicePolicy before = registry.find("inventory").policy();

        HttpResponse<String> response = http.post("/retry/inventory", "{\"circuitState\":\"FORCED_OPEN\",\"maxAttempts\":9}",
                VIEWER, PASSWORD);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(registry.find("inventory").policy()).isSameAs(before);
        assertThat(registry.find("inventory").circuitBreaker().state()).isNotEqualTo(CircuitState.FORCED_OPEN);
    }

    @Test
    void operatorChangesConfigurationAndBreakerAtRuntime() {
        GuardedService inventory = registry.find("inventory");
        try {
            HttpResponse<String> response = http.post("/retry/inventory", """
                    {"circuitState": "FORCED_OPEN", "maxAttempts": 6, "baseDelay": "PT0.5S", "maxDelay": "10s",
                     "strategy": "exponential", "multiplier": 1.5, "jitter": 0.3}""", OPERATOR, PASSWORD);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(inventory.circuitBreaker().state()).isEqualTo(CircuitState.FORCED_OPEN);
            assertThat(inventory.policy().maxAttempts()).isEqualTo(6);
            assertThat(inventory.policy().backoff().multiplier()).isEqualTo(1.5);
            assertThat(inventory.policy().backoff().jitter()).isEqualTo(0.3);
            JsonNode summary = ActuatorHttp.json(http.get("/retry")).get("services").get("inventory");
            assertThat(summary.get("maxAttempts").asInt()).isEqualTo(6);
            assertThat(summary.get("baseDelay").asString()).isEqualTo("PT0.5S");
            assertThat(summary.get("maxDelay").asString()).isEqualTo("PT10S");
            assertThat(summary.get("strategy").asString()).isEqualTo("exponential");
            assertThat(summary.get("template").asString()).isEqualTo("database");
            assertThat(summary.get("circuitBreaker").get("state").asString()).isEqualTo("FORCED_OPEN");
            assertThat(summary.get("health").get("status").asString()).isEqualTo("UNHEALTHY");
        } finally {
            inventory.circuitBreaker().transitionTo(CircuitState.CLOSED);
        }
    }

    @Test
    void invalidBodyIsBadRequestAndNothingChanges() {
        GuardedService inventory = registry.find("inventory");
        ServicePolicy before = inventory.policy();
        CircuitState state = inventory.circuitBreaker().state();

        HttpResponse<String> invalid = http.post("/retry/inventory",
                "{\"circuitState\":\"FORCED_OPEN\",\"maxAttempts\":0,\"baseDelay\":\"soon\"}", OPERATOR, PASSWORD);
        HttpResponse<String> malformed = http.post("/retry/inventory", "{\"maxAttempts\":", OPERATOR, PASSWORD);
        HttpResponse<String> empty = http.post("/retry/inventory", "{}", OPERATOR, PASSWORD);

        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(ActuatorHttp.json(invalid).get("problems").toString())
                .contains("maxAttempts: '0' must be at least 1").contains("baseDelay: 'soon' is not a duration");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(inventory.policy()).isSameAs(before);
        assertThat(inventory.circuitBreaker().state()).isEqualTo(state);
    }

    @Test
    void unknownFieldIsBadRequestListingTheAcceptedFieldsAndNothingChanges() {
        GuardedService inventory = registry.find("inventory");
        ServicePolicy before = inventory.policy();
        CircuitState state = inventory.circuitBreaker().state();

        HttpResponse<String> typo = http.post("/retry/inventory", "{\"maxAttempts\":3,\"maxAtempts\":9}",
                OPERATOR, PASSWORD);
        HttpResponse<String> unknownOnly = http.post("/retry/inventory", "{\"circuitState\":\"FORCED_OPEN\",\"colour\":\"red\"}",
                OPERATOR, PASSWORD);

        assertThat(typo.statusCode()).isEqualTo(400);
        JsonNode rejection = ActuatorHttp.json(typo);
        assertThat(rejection.get("service").asString()).isEqualTo("inventory");
        assertThat(rejection.get("problems")).hasSize(1);
        assertThat(rejection.get("problems").get(0).asString()).startsWith("maxAtempts: is not a field")
                .contains("circuitState, maxAttempts, baseDelay, maxDelay, strategy, multiplier, jitter");
        assertThat(unknownOnly.statusCode()).isEqualTo(400);
        assertThat(ActuatorHttp.json(unknownOnly).get("problems").toString()).contains("colour");
        assertThat(inventory.policy()).isSameAs(before);
        assertThat(inventory.circuitBreaker().state()).isEqualTo(state);
    }

    @Test
    void openBreakerLeavesHealthUpByDefault() {
        GuardedService ledger = registry.find("ledger");
        try {
            assertThat(http.post("/retry/ledger", "{\"circuitState\":\"FORCED_OPEN\"}", OPERATOR, PASSWORD).statusCode())
                    .isEqualTo(200);

            HttpResponse<String> health = http.get("/health/retry");

            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode json = ActuatorHttp.json(health);
            assertThat(json.get("status").asString()).isEqualTo("UP");
            assertThat(json.get("details").get("store").get("type").asString()).isEqualTo("memory");
            assertThat(json.get("details").get("store").get("reachable").asBoolean()).isTrue();
            assertThat(json.get("details").get("services").get("store").get("state").asString()).isEqualTo("CLOSED");
            JsonNode detail = json.get("details").get("services").get("ledger");
            assertThat(detail.get("state").asString()).isEqualTo("FORCED_OPEN");
            assertThat(detail.get("score").asDouble()).isZero();
            assertThat(detail.get("status").asString()).isEqualTo("UNHEALTHY");
        } finally {
            ledger.circuitBreaker().transitionTo(CircuitState.CLOSED);
        }
    }

    @Test
    void changesUnderLoadApplyAtOnceAndBreakNoCall() throws Exception {
        GuardedService hammered = registry.find("hammered");
        long callsBefore = hammered.statistics().calls();
        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder callsMade = new LongAdder();
        Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            callers.execute(() -> {
                while (running.get()) {
                    try {
                        hammered.call(() -> {
                            if (ThreadLocalRandom.current().nextInt(4) == 0) {
                                throw new IOException("flaky");
                            }
                            return "ok";
                        });
                    } catch (Throwable failure) {
                        if (!(failure instanceof IOException) && !(failure instanceof CallRejectedException)) {
                            unexpected.add(failure);
                        }
                    } finally {
                        callsMade.increment();
                    }
                }
            });
        }
        String[] strategies = {"fixed", "linear", "exponential", "decorrelated-jitter"};
        try {
            for (int i = 0; i < 12; i++) {
                int attempts = 2 + i % 4;
                String strategy = strategies[i % strategies.length];
                String baseDelay = i % 2 == 0 ? "1ms" : "PT0.002S";
                String state = i % 3 == 0 ? "FORCED_OPEN" : "CLOSED";
                HttpResponse<String> response = http.post("/retry/hammered", """
                        {"maxAttempts": %d, "strategy": "%s", "baseDelay": "%s", "maxDelay": "5ms", "circuitState": "%s"}"""
                        .formatted(attempts, strategy, baseDelay, state), OPERATOR, PASSWORD);
                assertThat(response.statusCode()).isEqualTo(200);

                JsonNode summary = ActuatorHttp.json(http.get("/retry")).get("services").get("hammered");
                assertThat(summary.get("maxAttempts").asInt()).isEqualTo(attempts);
                assertThat(summary.get("strategy").asString()).isEqualTo(strategy);
                assertThat(summary.get("baseDelay").asString())
                        .isEqualTo(i % 2 == 0 ? Duration.ofMillis(1).toString() : Duration.ofMillis(2).toString());
                assertThat(summary.get("circuitBreaker").get("state").asString()).isEqualTo(state);
            }
        } finally {
            running.set(false);
            callers.shutdown();
            assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            hammered.circuitBreaker().transitionTo(CircuitState.CLOSED);
        }

        assertThat(unexpected).isEmpty();
        assertThat(callsMade.sum()).isPositive();
        assertThat(hammered.statistics().calls() - callsBefore).isEqualTo(callsMade.sum());
    }

    /** Reads are open to everyone; a POST to the actuator needs the OPERATOR role over HTTP basic. */
    @Configuration(proxyBeanMethods = false)
    static class OperatorSecurity {

        @Bean
        SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests
                            .requestMatchers(HttpMethod.POST, "/actuator/**").hasRole("OPERATOR")
                            .anyRequest().permitAll())
                    .httpBasic(Customizer.withDefaults())
                    .csrf(AbstractHttpConfigurer::disable)
                    .build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername(OPERATOR).password("{noop}" + PASSWORD).roles("OPERATOR").build(),
                    User.withUsername(VIEWER).password("{noop}" + PASSWORD).roles("VIEWER").build());
        }
    }
}
