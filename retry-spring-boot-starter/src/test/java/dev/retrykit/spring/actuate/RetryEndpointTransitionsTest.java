package dev.retrykit.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitBreaker;
import dev.retrykit.core.breaker.CircuitBreakerConfig;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.breaker.SlidingWindowType;
import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The breaker's time in the endpoint, on a manual clock: {@code openedAt} and {@code nextTrialAt} of an OPEN breaker,
 * and the recent {@code transitions} kept apart from the events.
 */
class RetryEndpointTransitionsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ManualClock clock = new ManualClock();
    /** One attempt per call; opens after 4 calls at 50 % failures, waits 30 s. */
    private final ServiceRegistry registry = ServiceRegistry.builder().clock(clock).sleeper(clock)
            .service("payments", ServicePolicy.builder().template("http-api").strategy("immediate").maxAttempts(1)
                    .retryOn(IOException.class)
                    .circuitBreaker(CircuitBreakerConfig.builder().slidingWindowType(SlidingWindowType.COUNT)
                            .slidingWindowSize(10).minimumCalls(4).failureRateThreshold(50)
                            .waitInOpen(Duration.ofSeconds(30)).maxWaitInOpen(Duration.ofMinutes(2)).build())
                    .build())
            .build();
    private final RetryEndpoint endpoint = new RetryEndpoint(registry, RetryStoreStatus.inMemory());

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.currentTimeMillis());
    }

    @Test
    void aClosedBreakerHasNoOpenedAtNorNextTrialButTheFieldsAreThere() {
        JsonNode breaker = JSON.valueToTree(endpoint.service("payments")).get("circuitBreaker");

        assertThat(breaker.get("openedAt").isNull()).isTrue();
        assertThat(breaker.get("nextTrialAt").isNull()).isTrue();
        assertThat(JSON.valueToTree(endpoint.service("payments")).get("transitions").isEmpty()).isTrue();
    }

    @Test
    void anOpenBreakerTellsWhenItOpenedAndWhenTheNextTrialIsDue() {
        GuardedService payments = registry.find("payments");
        clock.advanceMillis(2_000);
        Instant openedAt = now();
        for (int i = 0; i < 4; i++) {
            RetryFixtures.fail(payments);
        }
        clock.advanceMillis(5_000);

        JsonNode breaker = JSON.valueToTree(endpoint.service("payments")).get("circuitBreaker");

        assertThat(breaker.get("state").asString()).isEqualTo("OPEN");
        assertThat(breaker.get("openedAt").asString()).isEqualTo(openedAt.toString());
        assertThat(breaker.get("nextTrialAt").asString()).isEqualTo(openedAt.plusSeconds(30).toString());
        assertThat(JSON.valueToTree(endpoint.retry()).get("services").get("payments").get("circuitBreaker")
                .get("openedAt").asString()).isEqualTo(openedAt.toString());
    }

    @Test
    void transitionsSurviveAFloodOfRejectionsNewestFirst() {
        GuardedService payments = registry.find("payments");
        Instant openedAt = now();
        for (int i = 0; i < 4; i++) {
            RetryFixtures.fail(payments);
        }
        clock.advanceMillis(1_000);
        Instant forcedAt = now();
        payments.circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);
        for (int i = 0; i < 5 * RetryEndpoint.MAX_EVENTS; i++) {
            RetryFixtures.fail(payments);
        }

        JsonNode details = JSON.valueToTree(endpoint.service("payments"));

        List<String> eventTypes = new ArrayList<>();
        details.get("events").forEach(event -> eventTypes.add(event.get("type").asString()));
        assertThat(eventTypes).as("the rejections fill the events").doesNotContain("STATE_TRANSITION");
        JsonNode transitions = details.get("transitions");
        assertThat(transitions).hasSize(2);
        assertThat(transitions.get(0).get("from").asString()).isEqualTo("OPEN");
        assertThat(transitions.get(0).get("to").asString()).isEqualTo("FORCED_OPEN");
        assertThat(transitions.get(0).get("at").asString()).isEqualTo(forcedAt.toString());
        assertThat(transitions.get(1).get("from").asString()).isEqualTo("CLOSED");
        assertThat(transitions.get(1).get("to").asString()).isEqualTo("OPEN");
        assertThat(transitions.get(1).get("at").asString()).isEqualTo(openedAt.toString());
        assertThat(details.get("circuitBreaker").get("openedAt").isNull()).as("FORCED_OPEN has no wait").isTrue();
    }

    @Test
    void transitionsAreBounded() {
        CircuitBreaker breaker = registry.find("payments").circuitBreaker();
        for (int i = 0; i < 3 * CircuitBreaker.MAX_RECENT_TRANSITIONS; i++) {
            breaker.transitionTo(i % 2 == 0 ? CircuitState.FORCED_OPEN : CircuitState.CLOSED);
        }

        assertThat(endpoint.service("payments").transitions()).hasSize(CircuitBreaker.MAX_RECENT_TRANSITIONS);
    }
}
