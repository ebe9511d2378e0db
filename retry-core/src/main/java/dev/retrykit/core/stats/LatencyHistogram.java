package dev.retrykit.core.stats;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size latency histogram with logarithmic buckets (4 per power of two, from 1 microsecond to about
 * 70 minutes), decayed by halving all buckets once {@link #DECAY_SAMPLES} samples were recorded so it follows the
 * recent distribution. Quantiles are accurate to within one bucket (about 19 %).
 *
 * <p>Thread-safe and allocation-free on {@link #record(long)}.
 */
public final class LatencyHistogram {

    private static final int SUB_BUCKETS = 4;
    private static final int BUCKETS = 32 * SUB_BUCKETS;
    private static final long MIN_NANOS = 1_000L;
    /** Samples after which all buckets are halved. */
    public static final long DECAY_SAMPLES = 10_000;

    private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS);
    private final java.util.concurrent.atomic.AtomicLong samples = new java.util.concurrent.atomic.AtomicLong();

    /** Records one latency. */
    public void record(long nanos) {
        buckets.incrementAndGet(bucketOf(nanos));
        if (samples.incrementAndGet() % DECAY_SAMPLES == 0) {
            for (int i = 0; i < BUCKETS; i++) {
                long value = buckets.get(i);
                buckets.addAndGet(i, -(value / 2));
            }
        }
    }

    /** Total samples ever recorded. */
    public long samples() {
        return samples.get();
    }

    /**
     * The latency below which {@code quantile} of the recent samples fall (upper bound of the bucket), or -1
     * when nothing was recorded.
     */
    public long quantileNanos(double quantile) {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += buckets.get(i);
        }
        if (total == 0) {
            return -1;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += buckets.get(i);
            if (seen >= rank) {
                return upperBoundOf(i);
            }
        }
        return upperBoundOf(BUCKETS - 1);
    }

    static int bucketOf(long nanos) {
        if (nanos <= MIN_NANOS) {
            return 0;
        }
        double log2 = Math.log((double) nanos / MIN_NANOS) / Math.log(2);
        int index = (int) Math.ceil(log2 * SUB_BUCKETS);
        return Math.min(Math.max(index, 0), BUCKETS - 1);
    }

    static long upperBoundOf(int bucket) {
        return (long) (MIN_NANOS * Math.pow(2, (double) bucket / SUB_BUCKETS));
    }
}
