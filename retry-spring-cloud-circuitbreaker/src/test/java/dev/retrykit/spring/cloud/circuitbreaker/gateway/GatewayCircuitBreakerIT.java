package dev.retrykit.spring.cloud.circuitbreaker.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Spring Cloud Gateway route with the {@code CircuitBreaker} filter and a {@code fallbackUri}, on retrykit,
 * against real upstreams over loopback: one that fails with 503 before it answers, one where nothing listens.
 */
@SpringBootTest(classes = GatewayCircuitBreakerIT.GatewayApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.cloud.compatibility-verifier.enabled=false",
                "management.endpoints.web.exposure.include=retry",
                "retry.services.flaky.template=microservice",
                "retry.services.flaky.strategy=fixed",
                "retry.services.flaky.base-delay=10ms",
                "retry.services.flaky.max-delay=10ms",
                "retry.services.flaky.max-attempts=3",
                "retry.services.dead.template=microservice",
                "retry.services.dead.strategy=fixed",
                "retry.services.dead.base-delay=10ms",
                "retry.services.dead.max-delay=10ms",
                "retry.services.dead.max-attempts=2",
                "retry.services.dead.circuit-breaker.minimum-calls=2",
                "retry.services.dead.circuit-breaker.sliding-window-size=4",
                "retry.services.dead.circuit-breaker.wait-in-open=10m",
                "retry.services.dead.circuit-breaker.max-wait-in-open=10m",
        })
class GatewayCircuitBreakerIT {

    private static final ScriptedUpstream UPSTREAM;
    private static final int DEAD_PORT;

    static {
        try {
            UPSTREAM = ScriptedUpstream.start();
            DEAD_PORT = ScriptedUpstream.deadPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the upstream", e);
        }
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Autowired
    ServiceRegistry registry;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry properties) {
        String routes = "spring.cloud.gateway.server.webflux.routes";
        properties.add(routes + "[0].id", () -> "flaky");
        properties.add(routes + "[0].uri", () -> "http://127.0.0.1:" + UPSTREAM.port());
        properties.add(routes + "[0].predicates[0]", () -> "Path=/flaky/**");
        properties.add(routes + "[0].filters[0].name", () -> "CircuitBreaker");
        properties.add(routes + "[0].filters[0].args.name", () -> "flaky");
        properties.add(routes + "[0].filters[0].args.fallbackUri", () -> "forward:/fallback/flaky");
        properties.add(routes + "[0].filters[0].args.statusCodes[0]", () -> "503");
        properties.add(routes + "[1].id", () -> "dead");
        properties.add(routes + "[1].uri", () -> "http://127.0.0.1:" + DEAD_PORT);
        properties.add(routes + "[1].predicates[0]", () -> "Path=/dead/**");
        properties.add(routes + "[1].filters[0].name", () -> "CircuitBreaker");
        properties.add(routes + "[1].filters[0].args.name", () -> "dead");
        properties.add(routes + "[1].filters[0].args.fallbackUri", () -> "forward:/fallback/dead");
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.close();
    }

    @Test
    void aRouteRetriesThroughTwo503sAndAnswersWithTheUpstreamsResponse() throws Exception {
        int before = UPSTREAM.requests();
        UPSTREAM.answerNext(503, 503);

        HttpResponse<String> response = get("/flaky/stock");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("in stock");
        assertThat(UPSTREAM.requests() - before).isEqualTo(3);
        assertThat(registry.find("flaky").statistics().count(Outcome.SUCCESS_AFTER_RETRY)).isEqualTo(1);
    }

    @Test
    void aDeadUpstreamIsServedByTheFallbackAndOpensTheBreaker() throws Exception {
        HttpResponse<String> first = get("/dead/stock");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("fallback: dead");
        assertThat(registry.find("dead").circuitBreaker().state()).isEqualTo(CircuitState.OPEN);

        HttpResponse<String> whileOpen = get("/dead/stock");

        assertThat(whileOpen.body()).isEqualTo("fallback: dead");
        JsonNode dead = json(get("/actuator/retry/dead").body());
        assertThat(dead.path("circuitBreaker").path("state").asString()).isEqualTo("OPEN");
        assertThat(dead.path("circuitBreaker").path("notPermittedCalls").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(dead.path("stats").path("fallbacks").asLong()).isEqualTo(2);
    }

    @Test
    void theActuatorShowsTheRoutesServices() throws Exception {
        assertThat(get("/flaky/ping").statusCode()).isEqualTo(200);

        JsonNode services = json(get("/actuator/retry").body()).path("services");

        assertThat(services.has("flaky")).as("services: %s", services).isTrue();
        assertThat(services.has("dead")).as("services: %s", services).isTrue();
        assertThat(services.path("flaky").path("template").asString()).isEqualTo("microservice");
        assertThat(services.path("flaky").path("stats").path("calls").asLong()).isGreaterThanOrEqualTo(1);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET().build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String body) {
        return JsonMapper.builder().build().readTree(body);
    }

    /** The gateway application: auto-configured, plus the fallback endpoints the routes forward to. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class GatewayApp {

        @RestController
        static class Fallbacks {

            @GetMapping("/fallback/flaky")
            Mono<String> flaky() {
                return Mono.just("fallback: flaky");
            }

            @GetMapping("/fallback/dead")
            Mono<String> dead() {
                return Mono.just("fallback: dead");
            }
        }
    }
}
