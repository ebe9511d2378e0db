package dev.retrykit.core.budget;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts events in a sliding period made of {@code buckets} buckets of {@code bucketNanos} each, and admits an event
 * only while the period holds fewer than a cap. Lock-free: each bucket is one atomic long packing the bucket's index
 * in time (high 32 bits) and its count (low 32 bits). An event reserves its slot first and gives it back when the
 * sum is over the cap, so concurrent reservations may both be refused but never both pass over the cap. An event
 * stops counting when its bucket leaves the period, so the period is exact to one bucket.
 */
final class SlidingCounter {

    private static final long COUNT_MASK = 0xFFFF_FFFFL;

    private final int size;
    private final long bucketNanos;
    private final long originNanos;
    /** Allocated on the first capped reservation: most budgets have no minute or hour cap and never need it. */
    private volatile AtomicLongArray buckets;

    SlidingCounter(int buckets, long bucketNanos, long originNanos) {
        this.size = buckets;
        this.bucketNanos = bucketNanos;
        this.originNanos = originNanos;
    }

    private AtomicLongArray buckets() {
        AtomicLongArray current = buckets;
        if (current == null) {
            synchronized (this) {
                current = buckets;
                if (current == null) {
                    current = new AtomicLongArray(size);
                    buckets = current;
                }
            }
        }
        return current;
    }

    /** Forgets every counted event. */
    void clear() {
        buckets = null;
    }

    /**
     * Reserves one event at {@code nowNanos} unless the period already holds {@code cap}; 0 = no cap.
     *
     * @return the reservation to pass to {@link #cancel(long)}, or -1 when refused; 0 when nothing was reserved
     */
    long tryReserve(long nowNanos, int cap) {
        if (cap <= 0) {
            return 0;
        }
        long epoch = epochOf(nowNanos);
        long reserved = increment(epoch);
        if (sum(epoch) > cap) {
            cancel(reserved);
            return -1;
        }
        return reserved;
    }

    /** Gives back a reservation of {@link #tryReserve(long, int)}; nothing when it expired meanwhile. */
    void cancel(long reservation) {
        if (reservation <= 0) {
            return;
        }
        long epoch = reservation - 1;
        AtomicLongArray buckets = buckets();
        int index = (int) (epoch % buckets.length());
        while (true) {
            long value = buckets.get(index);
            if (value >>> 32 != epoch || (value & COUNT_MASK) == 0) {
                return;
            }
            if (buckets.compareAndSet(index, value, value - 1)) {
                return;
            }
        }
    }

    /** Gives back one event counted in the bucket of {@code nowNanos}; nothing when that bucket holds none. */
    void cancelAt(long nowNanos) {
        if (buckets != null) {
            cancel(epochOf(nowNanos) + 1);
        }
    }

    /** Events counted in the period ending at {@code nowNanos}. */
    long count(long nowNanos) {
        return buckets == null ? 0 : sum(epochOf(nowNanos));
    }

    private long epochOf(long nowNanos) {
        return Math.max(0, nowNanos - originNanos) / bucketNanos;
    }

    /** Returns the reservation: the epoch counted in, plus one so that 0 means "nothing reserved". */
    private long increment(long epoch) {
        AtomicLongArray buckets = buckets();
        int index = (int) (epoch % buckets.length());
        while (true) {
            long value = buckets.get(index);
            long bucketEpoch = value >>> 32;
            long next;
            if (bucketEpoch == epoch) {
                next = value + 1;
            } else if (bucketEpoch < epoch) {
                next = (epoch << 32) | 1;
            } else {
                // a later reading already rotated the bucket: count there, which only makes the cap stricter
                next = value + 1;
            }
            if (buckets.compareAndSet(index, value, next)) {
                return (next >>> 32) + 1;
            }
        }
    }

    private long sum(long epoch) {
        AtomicLongArray buckets = buckets();
        long oldestLive = epoch - buckets.length() + 1;
        long total = 0;
        for (int index = 0; index < buckets.length(); index++) {
            long value = buckets.get(index);
            long bucketEpoch = value >>> 32;
            // a bucket already rotated past this reading (a racing thread's later clock) counts too: stricter
            if (bucketEpoch >= oldestLive) {
                total += value & COUNT_MASK;
            }
        }
        return total;
    }
}
