package dev.retrykit.spring.redis;

import dev.retrykit.core.idempotency.Claim;
import dev.retrykit.core.idempotency.IdempotencyStore;
import dev.retrykit.core.time.Clock;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link IdempotencyStore} in Redis, shared by every instance. A key hash lives at {@code <prefix>:idem:<hash>}
 * (the raw key never reaches Redis): while its call runs the value is {@code P:<owner token>} with the in-flight
 * lease as its expiry ({@code PX}), extended by the owner's renewals; after success it is {@code R:} followed by the
 * result as JSON ({@link JsonResultCodec} explains the format and why) with the completed TTL. A key whose owner died
 * is therefore free one lease after its last renewal.
 *
 * <p>A claim is one round trip: a Lua script returns the value already stored, or stores this claim's token and
 * returns it. A renewal and a release touch the key only while it still holds this store's token, so a claim that
 * expired and was taken over is never extended nor freed by its former owner. A stored result is read back as the
 * declared type the caller passes, never as a type named by the stored data.
 *
 * <p>When Redis cannot be reached, claims fall back to an in-memory store (at-most-once then holds per instance
 * only) and {@link #isReachable()} says false; Redis is tried again after {@code retryAfter}. A key claimed in memory
 * is renewed, completed or released in memory. A result that cannot be written to Redis (a blip during
 * {@code complete}) is kept in memory, and the Redis claim, no longer renewed, expires with its lease. Thread-safe.
 */
public final class RedisIdempotencyStore implements IdempotencyStore {

    private static final System.Logger LOG = System.getLogger(RedisIdempotencyStore.class.getName());
    private static final String IN_FLIGHT = "P:";
    private static final String RESULT = "R:";
    private static final String LOCAL = "";

    private static final RedisScript<String> CLAIM = RedisScript.of("""
            local current = redis.call('GET', KEYS[1])
            if current then
              return current
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return ARGV[1]
            """, String.class);

    private static final RedisScript<Long> RENEW = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0
            """, Long.class);

    private static final RedisScript<Long> RELEASE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final String keyPrefix;
    private final JsonResultCodec codec;
    private final IdempotencyStore fallback;
    private final Clock clock;
    private final long retryAfterNanos;
    private final String tokenPrefix = IN_FLIGHT + UUID.randomUUID() + ':';
    private final AtomicLong tokens = new AtomicLong();
    /** Key hash to the token of each claim this store holds; {@link #LOCAL} for claims held by the fallback. */
    private final Map<String, String> owned = new ConcurrentHashMap<>();
    private volatile boolean reachable = true;
    private volatile long nextAttemptNanos;

    /**
     * @param redis       the connection to use
     * @param keyPrefix   prefix of every key, without the trailing colon
     * @param mapper      writes and reads results as JSON
     * @param fallback    used while Redis is unreachable
     * @param clock       times the retries of an unreachable Redis
     * @param retryAfter  how long to stay on the fallback after a failure before trying Redis again
     */
    public RedisIdempotencyStore(StringRedisTemplate redis, String keyPrefix, JsonMapper mapper,
                                 IdempotencyStore fallback, Clock clock, Duration retryAfter) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.codec = new JsonResultCodec(mapper);
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retryAfterNanos = retryAfter.toNanos();
    }

    /** Claims with an untyped result: a stored result reads back as JSON maps, lists and scalars. */
    @Override
    public Claim claim(String keyHash, Duration lease) {
        return claim(keyHash, lease, Object.class);
    }

    @Override
    public Claim claim(String keyHash, Duration lease, Type resultType) {
        if (!redisDue()) {
            return claimLocally(keyHash, lease);
        }
        String token = tokenPrefix + tokens.incrementAndGet();
        String stored = onRedis(() -> redis.execute(CLAIM, List.of(key(keyHash)), token, millis(lease)));
        if (stored == null) {
            return claimLocally(keyHash, lease);
        }
        if (stored.equals(token)) {
            owned.put(keyHash, token);
            return Claim.acquired();
        }
        if (stored.startsWith(RESULT)) {
            return Claim.completed(codec.decode(stored.substring(RESULT.length()), resultType));
        }
        return Claim.inFlight();
    }

    /** Extends this store's claim of {@code keyHash} in Redis (or in memory for a claim held there). */
    @Override
    public void renew(String keyHash, Duration lease) {
        String token = owned.get(keyHash);
        if (token == null) {
            return;
        }
        if (LOCAL.equals(token)) {
            fallback.renew(keyHash, lease);
        } else if (redisDue()) {
            onRedis(() -> redis.execute(RENEW, List.of(key(keyHash)), token, millis(lease)));
        }
    }

    @Override
    public void complete(String keyHash, Object result, Duration ttl) {
        String token = owned.remove(keyHash);
        if (LOCAL.equals(token)) {
            fallback.complete(keyHash, result, ttl);
            return;
        }
        String value;
        try {
            value = RESULT + codec.encode(result);
        } catch (RuntimeException e) {
            // the caller's call succeeded: keep the result in memory rather than fail it
            LOG.log(System.Logger.Level.WARNING, "retrykit idempotency store: a result of type "
                    + result.getClass().getName() + " cannot be written as JSON, kept in memory only: " + e);
            release(keyHash, token);
            fallback.complete(keyHash, result, ttl);
            return;
        }
        if (onRedis(() -> {
            redis.opsForValue().set(key(keyHash), value, ttl);
            return Boolean.TRUE;
        }) == null) {
            fallback.complete(keyHash, result, ttl);
        }
    }

    @Override
    public void release(String keyHash) {
        String token = owned.remove(keyHash);
        if (token == null) {
            return;
        }
        if (LOCAL.equals(token)) {
            fallback.release(keyHash);
        } else {
            release(keyHash, token);
        }
    }

    private void release(String keyHash, String token) {
        if (token != null) {
            onRedis(() -> redis.execute(RELEASE, List.of(key(keyHash)), token));
        }
    }

    /** False after Redis failed, until it answers again; while false, a call checks with a PING when one is due. */
    @Override
    public boolean isReachable() {
        if (!reachable && redisDue()) {
            onRedis(() -> redis.execute((RedisCallback<String>) RedisConnection::ping));
        }
        return reachable;
    }

    private static String millis(Duration duration) {
        return Long.toString(Math.max(1, duration.toMillis()));
    }

    private Claim claimLocally(String keyHash, Duration lease) {
        Claim claim = fallback.claim(keyHash, lease);
        if (claim.state() == Claim.State.ACQUIRED) {
            owned.put(keyHash, LOCAL);
        }
        return claim;
    }

    private boolean redisDue() {
        return reachable || clock.nanoTime() - nextAttemptNanos >= 0;
    }

    /** Runs {@code operation}; on failure marks Redis unreachable for {@code retryAfter} and returns null. */
    private <T> T onRedis(Supplier<T> operation) {
        try {
            T result = operation.get();
            if (!reachable) {
                LOG.log(System.Logger.Level.INFO, "retrykit idempotency store: Redis reachable again");
                reachable = true;
            }
            return result;
        } catch (RuntimeException e) {
            nextAttemptNanos = clock.nanoTime() + retryAfterNanos;
            if (reachable) {
                LOG.log(System.Logger.Level.WARNING, "retrykit idempotency store: Redis unreachable, keys are claimed in"
                        + " this instance's memory until it answers again: " + e);
                reachable = false;
            }
            return null;
        }
    }

    private String key(String keyHash) {
        return keyPrefix + ":idem:" + keyHash;
    }
}
