package dev.retrykit.spring.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.retrykit.core.CallRejectedException;
import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitBreakerConfig;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.budget.RetryBudgetConfig;
import dev.retrykit.core.store.StateSynchronizer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Two application instances (two registries, each with its own Redis connection and synchronizer) sharing breaker
 * and budget state through one real Redis server.
 */
class RedisSharedStateIT {

    private static final Duration SYNC = Duration.ofMillis(50);
    private static final String PREFIX = "it";

    private TestRedis redis;
    private Instance a;
    private Instance b;

    @BeforeEach
    void startRedisAndInstances() {
        redis = TestRedis.start();
        a = new Instance("instance-a");
        b = new Instance("instance-b");
    }

    @AfterEach
    void stopEverything() {
        a.close();
        b.close();
        redis.close();
    }

    /** One application instance: its registry, its own connection and its synchronizer. */
    private final class Instance implements AutoCloseable {
        final StringRedisTemplate client = redis.newClient();
        final RedisSharedStateStore store = new RedisSharedStateStore(client, PREFIX, Duration.ofMinutes(5));
        final ServiceRegistry registry = ServiceRegistry.builder()
                .service("tripping", ServicePolicy.builder().maxAttempts(1)
                        .circuitBreaker(CircuitBreakerConfig.builder().slidingWindowSize(4).minimumCalls(4)
                                .failureRateThreshold(50).waitInOpen(Duration.ofMinutes(1)).build())
                        .build())
                .service("budgeted", ServicePolicy.builder().maxAttempts(9).strategy("immediate")
                        .retryOn(List.of(IllegalStateException.class))
                        .circuitBreaker(CircuitBreakerConfig.builder().enabled(false).build())
                        .budget(new RetryBudgetConfig(true, 0.0, 0, 0, 0, 10))
                        .build())
                .build();
        final StateSynchronizer synchronizer;

        Instance(String id) {
            synchronizer = new StateSynchronizer(registry, store, id, SYNC);
        }

        GuardedService service(String name) {
            return registry.find(name);
        }

        @Override
        public void close() {
            synchronizer.close();
            registry.close();
        }
    }

    private static int failingCall(GuardedService service) {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> service.call(() -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("dependency down");
        })).isInstanceOf(IllegalStateException.class);
        return attempts.get();
    }

    private static void awaitState(Instance instance, String service, CircuitState state) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> instance.service(service).circuitBreaker().state() == state);
    }

    @Test
    void breakerForcedOpenOnOneInstanceIsForcedOpenOnTheOther() {
        a.synchronizer.start();
        b.synchronizer.start();

        a.service("tripping").circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);

        awaitState(b, "tripping", CircuitState.FORCED_OPEN);
        assertThatThrownBy(() -> b.service("tripping").call(() -> "never runs")).isInstanceOf(CallRejectedException.class);
    }

    @Test
    void breakerTrippedByFailuresOnOneInstanceOpensOnTheOtherAndClosesEverywhere() {
        a.synchronizer.start();
        b.synchronizer.start();

        for (int i = 0; i < 4; i++) {
            failingCall(a.service("tripping"));
        }
        assertThat(a.service("tripping").circuitBreaker().state()).isEqualTo(CircuitState.OPEN);

        awaitState(b, "tripping", CircuitState.OPEN);
        assertThatThrownBy(() -> b.service("tripping").call(() -> "never runs")).isInstanceOf(CallRejectedException.class);

        b.service("tripping").circuitBreaker().transitionTo(CircuitState.CLOSED);
        awaitState(a, "tripping", CircuitState.CLOSED);
        assertThat(a.service("tripping").call(() -> "served")).isEqualTo("served");
    }

    @Test
    void retriesOnOneInstanceReduceWhatTheOtherCanRetry() {
        // both instances take their baseline before any retry, then sync in the background
        a.synchronizer.syncOnce();
        b.synchronizer.syncOnce();
        a.synchronizer.start();
        b.synchronizer.start();

        assertThat(failingCall(a.service("budgeted"))).as("attempts on A: 8 retries out of a budget of 10").isEqualTo(9);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> b.service("budgeted").budget().remaining() <= 2.0);
        assertThat(failingCall(b.service("budgeted"))).as("attempts on B: the 2 retries A left").isEqualTo(3);
        assertThat(b.service("budgeted").budget().rejected()).isEqualTo(1);
    }

    @Test
    void successfulCallsSendNoCommandToRedis() {
        // synchronizers idle: only the calls themselves could talk to Redis
        a.synchronizer.syncOnce();
        b.synchronizer.syncOnce();
        StringRedisTemplate observer = redis.newClient();
        long first = TestRedis.commandsProcessed(observer);
        long second = TestRedis.commandsProcessed(observer);
        long perObservation = second - first;

        for (int i = 0; i < 500; i++) {
            assertThat(a.service("tripping").call(() -> "ok")).isEqualTo("ok");
            assertThat(b.service("budgeted").call(() -> "ok")).isEqualTo("ok");
        }

        assertThat(TestRedis.commandsProcessed(observer) - second).isEqualTo(perObservation);
        assertThat(a.synchronizer.syncOnce()).as("the next round reaches Redis").isTrue();
    }

    @Test
    void callsWorkWhileRedisIsDownAndStateResyncsWhenItReturns() {
        a.synchronizer.start();
        b.synchronizer.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.synchronizer.syncOnce() && b.synchronizer.syncOnce());

        redis.stop();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> !a.store.isReachable() && !b.store.isReachable());
        assertThat(a.service("tripping").call(() -> "served locally")).isEqualTo("served locally");
        a.service("tripping").circuitBreaker().transitionTo(CircuitState.FORCED_OPEN);
        assertThatThrownBy(() -> a.service("tripping").call(() -> "never runs")).isInstanceOf(CallRejectedException.class);
        assertThat(b.service("tripping").circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);

        redis.restart();

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .until(() -> a.store.isReachable() && b.store.isReachable());
        awaitState(b, "tripping", CircuitState.FORCED_OPEN);
        assertThat(a.synchronizer.lastRoundSucceeded()).isTrue();
    }
}
