package dev.retrykit.spring.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.retrykit.core.idempotency.DuplicateCallException;
import dev.retrykit.core.idempotency.IdempotencyKeys;
import dev.retrykit.core.idempotency.IdempotentCalls;
import dev.retrykit.core.idempotency.InMemoryIdempotencyStore;
import dev.retrykit.core.time.Clock;
import dev.retrykit.core.time.Scheduler;
import dev.retrykit.core.time.Sleeper;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.core.JacksonException;
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
        return new RedisIdempotencyStore(redis.newClient(), PREFIX, new JsonMapper(), new InMemoryIdempotencyStore(Clock.system()), Clock.system(), Duration.ofMillis(200));
    }

    private static IdempotentCalls calls(RedisIdempotencyStore store, Duration inFlightWait) {
        return new IdempotentCalls(store, Clock.system(), Sleeper.system(), TTL, inFlightWait);
    }

    @Test
    void sameKeyRunsOnceAcrossInstancesAndReturnsTheStoredResult() {
        AtomicInteger runs = new AtomicInteger();
        Quote quote = new Quote("ACME", 12.5, List.of("XNYS", "XNAS"));

        Quote first = calls(storeA, Duration.ZERO).execute("quotes", "order-1", Quote.class, () -> {
            runs.incrementAndGet();
            return quote;
        });
        Quote second = calls(storeB, Duration.ZERO).execute("quotes", "order-1", Quote.class, () -> {
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
        assertThat(calls(storeB, Duration.ZERO).execute("payments", "customer-secret-42", Integer.class, () -> 0)).isEqualTo(42);
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

    // --- in-flight leases (issue 15, points 1 and 7) ---

    private static final Duration LEASE = Duration.ofSeconds(1);
    /** A dead process renews nothing. */
    private static final Scheduler NEVER = (task, delayNanos) -> () -> true;

    private static IdempotentCalls leased(RedisIdempotencyStore store, Duration inFlightWait, Scheduler renewals) {
        return new IdempotentCalls(store, Clock.system(), Sleeper.system(), TTL, inFlightWait, LEASE, renewals);
    }

    private Long pttl(String service, String key) {
        return observer.getExpire(PREFIX + ":idem:" + IdempotencyKeys.hash(service, key), TimeUnit.MILLISECONDS);
    }

    @Test
    void anInFlightKeyExpiresWithItsLeaseAndIsRenewedWhileALongCallRuns() {
        CompletableFuture<String> running = new CompletableFuture<>();
        CompletableFuture<String> call = new IdempotentCalls(storeA, Clock.system(), Sleeper.system(), TTL, Duration.ZERO,
                LEASE).executeAsync("payments", "pay-20", attempts -> running, () -> true);

        assertThat(pttl("payments", "pay-20")).isPositive().isLessThanOrEqualTo(LEASE.toMillis());
        // three leases long: the owner's renewals keep the key claimed, each time for one lease at most
        await().during(Duration.ofMillis(3 * LEASE.toMillis())).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> pttl("payments", "pay-20"), left -> left > 0 && left <= LEASE.toMillis());
        assertThatThrownBy(() -> leased(storeB, Duration.ZERO, NEVER).execute("payments", "pay-20", () -> "twice"))
                .isInstanceOf(DuplicateCallException.class);

        running.complete("charged");

        assertThat(call).isCompletedWithValue("charged");
        assertThat(pttl("payments", "pay-20")).isGreaterThan(LEASE.toMillis()).isLessThanOrEqualTo(TTL.toMillis());
        assertThat(leased(storeB, Duration.ZERO, NEVER).execute("payments", "pay-20", () -> "twice")).isEqualTo("charged");
    }

    @Test
    void aKeyWhoseOwnerDiedIsFreeForAnotherInstanceAfterOneLease() {
        // instance A claims the key, starts its call and dies: it never completes, releases nor renews
        leased(storeA, Duration.ZERO, NEVER).executeAsync("payments", "pay-21", attempts -> new CompletableFuture<String>(),
                () -> true);
        assertThat(pttl("payments", "pay-21")).isPositive().isLessThanOrEqualTo(LEASE.toMillis());
        AtomicInteger runs = new AtomicInteger();

        // B waits for the call in flight up to 10 s; the dead owner's lease frees the key after one second
        String charged = leased(storeB, Duration.ofSeconds(10), NEVER).execute("payments", "pay-21",
                () -> "charged-" + runs.incrementAndGet());

        assertThat(charged).isEqualTo("charged-1");
        assertThat(runs).hasValue(1);
    }

    @Test
    void aRedisFailureDuringCompleteLeavesTheMarkerForOneLeaseNotForTheResultTtl() {
        String result = leased(storeA, Duration.ZERO, NEVER).execute("payments", "pay-22", () -> {
            // Redis refuses every write from now on: the owner's complete() fails on Redis
            observer.execute((RedisCallback<Object>) connection -> {
                connection.serverCommands().setConfig("maxmemory", "1");
                return null;
            });
            return "charged";
        });
        observer.execute((RedisCallback<Object>) connection -> {
            connection.serverCommands().setConfig("maxmemory", "0");
            return null;
        });

        assertThat(result).isEqualTo("charged");
        assertThat(observer.opsForValue().get(PREFIX + ":idem:" + IdempotencyKeys.hash("payments", "pay-22")))
                .as("the in-flight marker is still there").startsWith("P:");
        assertThat(pttl("payments", "pay-22")).isLessThanOrEqualTo(LEASE.toMillis());
        // the result reached no other instance: the fleet gets the key back after one lease, not after a day
        assertThat(leased(storeB, Duration.ofSeconds(10), NEVER).execute("payments", "pay-22", () -> "retried"))
                .isEqualTo("retried");
    }

    // --- results read as the declared type (issue 15, point 10) ---

    /** The declared return type {@code List<Quote>} of a method. */
    static List<Quote> quotes() {
        return List.of();
    }

    private static Type listOfQuotes() throws NoSuchMethodException {
        return RedisIdempotencyIT.class.getDeclaredMethod("quotes").getGenericReturnType();
    }

    @Test
    void aStoredListOfRecordsReadsBackAsTheDeclaredGenericType() throws Exception {
        List<Quote> quotes = List.of(new Quote("ACME", 12.5, List.of("XNYS")), new Quote("INIT", 3, List.of()));
        calls(storeA, Duration.ZERO).execute("quotes", "list-1", listOfQuotes(), () -> quotes);

        List<Quote> duplicate = calls(storeB, Duration.ZERO).execute("quotes", "list-1", listOfQuotes(),
                () -> List.<Quote>of());

        assertThat(duplicate).hasOnlyElementsOfType(Quote.class).containsExactlyElementsOf(quotes);
        assertThat(duplicate.get(0).price()).isEqualTo(12.5);
    }

    /** A class whose construction a tampered entry would trigger if the store chose the class. */
    public static final class Tripwire {
        static final AtomicInteger INSTANCES = new AtomicInteger();
        public boolean armed;

        public Tripwire() {
            INSTANCES.incrementAndGet();
        }
    }

    @Test
    void aTamperedEntryNamingAnotherClassIsNeverInstantiated() {
        String key = PREFIX + ":idem:" + IdempotencyKeys.hash("quotes", "tampered-1");
        String tampered = "R:{\"type\":\"" + Tripwire.class.getName() + "\",\"value\":{\"armed\":true},"
                + "\"@class\":\"" + Tripwire.class.getName() + "\"}";
        observer.opsForValue().set(key, tampered, TTL);
        int before = Tripwire.INSTANCES.get();

        Object untyped = calls(storeA, Duration.ZERO).execute("quotes", "tampered-1", Object.class, () -> "ran");
        // a value that does not fit the declared type fails the duplicate; it never becomes another class
        assertThatThrownBy(() -> calls(storeB, Duration.ZERO).execute("quotes", "tampered-1", Quote.class, () -> null))
                .isInstanceOf(JacksonException.class);

        assertThat(Tripwire.INSTANCES.get()).isEqualTo(before);
        assertThat(untyped).isInstanceOf(Map.class).isEqualTo(Map.of("armed", true));
    }
}
