package dev.retrykit.spring.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.retrykit.core.idempotency.DuplicateCallException;
import dev.retrykit.core.idempotency.IdempotencyKeys;
import dev.retrykit.core.idempotency.IdempotentCalls;
import dev.retrykit.core.idempotency.InMemoryIdempotencyStore;
import dev.retrykit.core.time.Clock;
import dev.retrykit.core.time.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Two instances' idempotent calls over one real Redis server. */
class RedisIdempotencyIT {

    private static final Duration TTL = Duration.ofMinutes(10);
    private static final String PREFIX = "it";

    /** A result type the stored JSON must read back as. */
    record Quote(String symbol, double price, List<String> venues) {
    }

    private TestRedis redis;
    private StringRedisTemplate observer;
    private RedisIdempotencyStore storeA;
    private RedisIdempotencyStore storeB;

    @BeforeEach
    void startRedis() {
        redis = TestRedis.start();
        observer = redis.newClient();
        storeA = store();
        storeB = store();
    }

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    private RedisIdempotencyStore store() {
        return new RedisIdempotencyStore(redis.newClient(), PREFIX, new JsonMapper(), getClass().getClassLoader(),
                new InMemoryIdempotencyStore(Clock.system()), Clock.system(), Duration.ofMillis(200));
    }

    private static IdempotentCalls calls(RedisIdempotencyStore store, Duration inFlightWait) {
        return new IdempotentCalls(store, Clock.system(), Sleeper.system(), TTL, inFlightWait);
    }

    @Test
    void sameKeyRunsOnceAcrossInstancesAndReturnsTheStoredResult() {
        AtomicInteger runs = new AtomicInteger();
        Quote quote = new Quote("ACME", 12.5, List.of("XNYS", "XNAS"));

        Quote first = calls(storeA, Duration.ZERO).execute("quotes", "order-1", () -> {
            runs.incrementAndGet();
            return quote;
        });
        Quote second = calls(storeB, Duration.ZERO).execute("quotes", "order-1", () -> {
            runs.incrementAndGet();
            return new Quote("OTHER", 0, List.of());
        });

        assertThat(runs).hasValue(1);
        assertThat(first).isEqualTo(quote);
        assertThat(second).isEqualTo(quote);
    }

    @Test
    void concurrentDuplicateWaitsForTheFirstOrIsRejected() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> calls(storeA, Duration.ZERO)
                .execute("payments", "pay-7", () -> {
                    started.countDown();
                    finish.await(10, TimeUnit.SECONDS);
                    return "charged once";
                }));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> calls(storeB, Duration.ofMillis(50)).execute("payments", "pay-7", () -> "charged twice"))
                .isInstanceOf(DuplicateCallException.class);

        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> calls(storeB, Duration.ofSeconds(10))
                .execute("payments", "pay-7", () -> "charged twice"));
        finish.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("charged once");
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("charged once");
    }

    @Test
    void failedCallReleasesTheKeyForAnotherInstance() {
        assertThatThrownBy(() -> calls(storeA, Duration.ZERO).execute("payments", "pay-8", () -> {
            throw new IllegalStateException("declined");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(calls(storeB, Duration.ZERO).execute("payments", "pay-8", () -> "charged")).isEqualTo("charged");
    }

    @Test
    void keysAreStoredHashedAndExpire() {
        calls(storeA, Duration.ZERO).execute("payments", "customer-secret-42", () -> 42);

        Set<String> keys = observer.keys(PREFIX + ":*");
        String expected = PREFIX + ":idem:" + IdempotencyKeys.hash("payments", "customer-secret-42");
        assertThat(keys).containsExactly(expected);
        assertThat(keys).noneMatch(key -> key.contains("customer-secret-42"));
        assertThat(observer.opsForValue().get(expected)).doesNotContain("customer-secret-42");
        Long ttlMillis = observer.getExpire(expected, TimeUnit.MILLISECONDS);
        assertThat(ttlMillis).isPositive().isLessThanOrEqualTo(TTL.toMillis());
        assertThat(calls(storeB, Duration.ZERO).execute("payments", "customer-secret-42", () -> 0)).isEqualTo(42);
    }

    @Test
    void fallsBackToMemoryWhileRedisIsDownAndReportsIt() {
        redis.stop();

        assertThat(calls(storeA, Duration.ZERO).execute("payments", "pay-9", () -> "local")).isEqualTo("local");
        assertThat(calls(storeA, Duration.ZERO).execute("payments", "pay-9", () -> "again")).isEqualTo("local");
        assertThat(storeA.isReachable()).isFalse();

        redis.restart();

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(storeA::isReachable);
        assertThat(calls(storeA, Duration.ZERO).execute("payments", "pay-10", () -> "shared")).isEqualTo("shared");
        assertThat(calls(storeB, Duration.ZERO).execute("payments", "pay-10", () -> "twice")).isEqualTo("shared");
    }
}
