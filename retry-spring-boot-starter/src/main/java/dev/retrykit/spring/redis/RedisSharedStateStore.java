package dev.retrykit.spring.redis;

import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.store.BreakerRecord;
import dev.retrykit.core.store.BudgetCounts;
import dev.retrykit.core.store.SharedStateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * {@link SharedStateStore} in Redis. Layout, under the key prefix:
 * <ul>
 *   <li>{@code <prefix>:breakers}: a hash, service name to {@code STATE|epochMillis|instanceId}; a Lua script
 *       replaces a field only with a newer record ({@link BreakerRecord#isNewerThan}), so concurrent publishers
 *       agree on the winner;</li>
 *   <li>{@code <prefix>:budget:<budget name>}: a hash of running totals, {@code calls} and {@code retries}; one Lua
 *       script adds every budget's activity and returns the totals, one round trip per exchange. Budget keys expire
 *       after {@code budgetTtl} without exchanges (an idle fleet then starts again from a baseline).</li>
 * </ul>
 * The scripts touch several keys, so the store needs a single Redis server (or a replicated primary), not a
 * cluster.
 *
 * <p>Any Redis failure is rethrown to the caller (the {@code StateSynchronizer}) and marks the store unreachable
 * until an operation succeeds. Thread-safe.
 */
public final class RedisSharedStateStore implements SharedStateStore {

    private static final RedisScript<Long> PUBLISH = RedisScript.of("""
            local current = redis.call('HGET', KEYS[1], ARGV[1])
            if current then
              local sep1 = string.find(current, '|', 1, true)
              local sep2 = sep1 and string.find(current, '|', sep1 + 1, true)
              if sep2 then
                local millis = tonumber(string.sub(current, sep1 + 1, sep2 - 1))
                local offered = tonumber(ARGV[3])
                local instance = string.sub(current, sep2 + 1)
                if millis > offered or (millis == offered and instance >= ARGV[4]) then
                  return 0
                end
              end
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return 1
            """, Long.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> EXCHANGE = RedisScript.of("""
            local totals = {}
            local ttl = ARGV[#ARGV]
            for i, key in ipairs(KEYS) do
              totals[2 * i - 1] = redis.call('HINCRBY', key, 'calls', ARGV[2 * i - 1])
              totals[2 * i] = redis.call('HINCRBY', key, 'retries', ARGV[2 * i])
              redis.call('PEXPIRE', key, ttl)
            end
            return totals
            """, List.class);

    private final StringRedisTemplate redis;
    private final String keyPrefix;
    private final String breakersKey;
    private final Duration budgetTtl;
    private volatile boolean reachable = true;

    /**
     * @param redis     the connection to use
     * @param keyPrefix prefix of every key, without the trailing colon
     * @param budgetTtl how long budget totals survive without an exchange
     */
    public RedisSharedStateStore(StringRedisTemplate redis, String keyPrefix, Duration budgetTtl) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.breakersKey = keyPrefix + ":breakers";
        this.budgetTtl = Objects.requireNonNull(budgetTtl, "budgetTtl");
    }

    @Override
    public String type() {
        return "redis";
    }

    @Override
    public boolean isReachable() {
        return reachable;
    }

    @Override
    public boolean publishBreakerState(String service, BreakerRecord record) {
        String value = record.state().name() + '|' + record.epochMillis() + '|' + record.instanceId();
        Long stored = call(() -> redis.execute(PUBLISH, List.of(breakersKey), service, value,
                Long.toString(record.epochMillis()), record.instanceId()));
        return stored != null && stored == 1L;
    }

    @Override
    public Map<String, BreakerRecord> readBreakerStates() {
        Map<Object, Object> entries = call(() -> redis.opsForHash().entries(breakersKey));
        Map<String, BreakerRecord> records = new HashMap<>();
        entries.forEach((service, value) -> {
            BreakerRecord record = parse(value.toString());
            if (record != null) {
                records.put(service.toString(), record);
            }
        });
        return records;
    }

    @Override
    public Map<String, BudgetCounts> exchangeBudgets(Map<String, BudgetCounts> localActivity) {
        List<String> names = new ArrayList<>(localActivity.keySet());
        List<String> keys = new ArrayList<>(names.size());
        Object[] args = new Object[names.size() * 2 + 1];
        for (int i = 0; i < names.size(); i++) {
            BudgetCounts activity = localActivity.get(names.get(i));
            keys.add(keyPrefix + ":budget:" + names.get(i));
            args[2 * i] = Long.toString(activity.calls());
            args[2 * i + 1] = Long.toString(activity.retries());
        }
        args[args.length - 1] = Long.toString(budgetTtl.toMillis());
        List<?> totals = call(() -> redis.execute(EXCHANGE, keys, args));
        Map<String, BudgetCounts> result = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            result.put(names.get(i), new BudgetCounts(asLong(totals.get(2 * i)), asLong(totals.get(2 * i + 1))));
        }
        return result;
    }

    private <T> T call(Supplier<T> operation) {
        try {
            T result = operation.get();
            reachable = true;
            return result;
        } catch (RuntimeException e) {
            reachable = false;
            throw e;
        }
    }

    private static long asLong(Object value) {
        return value instanceof Number number ? number.longValue() : Long.parseLong(value.toString());
    }

    /** Parses {@code STATE|epochMillis|instanceId}; null for a value this version does not understand. */
    private static BreakerRecord parse(String value) {
        int first = value.indexOf('|');
        int second = first < 0 ? -1 : value.indexOf('|', first + 1);
        if (second < 0) {
            return null;
        }
        try {
            CircuitState state = CircuitState.valueOf(value.substring(0, first));
            long millis = Long.parseLong(value.substring(first + 1, second));
            return new BreakerRecord(state, millis, value.substring(second + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
