package dev.retrykit.core.idempotency;

import dev.retrykit.core.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link IdempotencyStore} of one JVM. Entries expire on the injected clock; expired ones are purged lazily
 * whenever the store grows past a multiple of its size at the last purge. Thread-safe: claims are atomic through
 * {@link ConcurrentHashMap#compute}.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

    private static final Object NO_RESULT = new Object();
    private static final int PURGE_FLOOR = 1024;

    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile int purgeAt = PURGE_FLOOR;

    /** Creates an empty store whose entries expire on {@code clock}. */
    public InMemoryIdempotencyStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Claim claim(String keyHash, Duration lease) {
        long now = clock.nanoTime();
        Claim[] answer = new Claim[1];
        entries.compute(keyHash, (key, existing) -> {
            if (existing == null || existing.expiresAtNanos - now <= 0) {
                answer[0] = Claim.acquired();
                return new Entry(NO_RESULT, now + lease.toNanos());
            }
            answer[0] = existing.result == NO_RESULT ? Claim.inFlight() : Claim.completed(existing.result);
            return existing;
        });
        if (entries.size() >= purgeAt) {
            purgeExpired(now);
        }
        return answer[0];
    }

    @Override
    public void renew(String keyHash, Duration lease) {
        long now = clock.nanoTime();
        // an expired claim is free: renewing it would take the key back from whoever may claim it now
        entries.computeIfPresent(keyHash, (key, existing) -> existing.result == NO_RESULT && existing.expiresAtNanos - now > 0
                ? new Entry(NO_RESULT, now + lease.toNanos()) : existing);
    }

    @Override
    public void complete(String keyHash, Object result, Duration ttl) {
        entries.put(keyHash, new Entry(result, clock.nanoTime() + ttl.toNanos()));
    }

    @Override
    public void release(String keyHash) {
        entries.computeIfPresent(keyHash, (key, existing) -> existing.result == NO_RESULT ? null : existing);
    }

    /** Entries held now, expired ones not yet purged included. */
    public int size() {
        return entries.size();
    }

    private synchronized void purgeExpired(long now) {
        if (entries.size() < purgeAt) {
            return;
        }
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAtNanos - now <= 0) {
                it.remove();
            }
        }
        purgeAt = Math.max(PURGE_FLOOR, entries.size() * 2);
    }

    private record Entry(Object result, long expiresAtNanos) {
    }
}
