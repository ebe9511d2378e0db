package dev.retrykit.core.stats;

import dev.retrykit.core.Outcome;
import java.time.Duration;
import java.util.Arrays;

/**
 * The calls of a service that ended within the last {@link #WINDOW} ({@value #SLOTS} slots of
 * {@link #SLOT_SECONDS} seconds, the oldest slot partly past): a window that moves with the clock, never with how
 * often it is read.
 *
 * <p>It keeps no counters of its own. At the start of every slot in which a call ends it takes a snapshot of the
 * service's running totals; the calls of the window are then the totals now minus the snapshot taken when the
 * window's first slot began. A slot in which nothing ended gets the snapshot of the next call, which is the same
 * number. So a call pays one clock read and one volatile read, and the snapshot is taken at most once per slot.
 *
 * <p>Thread-safe: snapshots are written and read under one lock, which a call takes only to start a slot. A call
 * that ends while another thread starts a slot may be counted in the slot before: the window is exact to one
 * call per slot boundary, and exact when one thread records.
 */
final class RecentCalls {

    /** Seconds per slot. */
    static final int SLOT_SECONDS = 3;
    /** Slots in the window. */
    static final int SLOTS = 10;
    /** How far back the window reaches. */
    static final Duration WINDOW = Duration.ofSeconds((long) SLOT_SECONDS * SLOTS);

    private static final long SLOT_NANOS = SLOT_SECONDS * 1_000_000_000L;
    private static final int CALLS = 0;
    private static final int SUCCESSES = 1;
    private static final int FALLBACKS = 2;
    private static final int KINDS = 3;

    /** The running totals the window subtracts from. */
    private final ServiceStatistics totals;
    private final long originNanos;
    private final Object lock = new Object();
    /** The newest slot that has its snapshot; written under the lock. */
    private volatile long lastSlot;
    /** Which slot each ring entry holds, so that a reader never takes an old lap's snapshot for a newer slot. */
    private final long[] slotOf = new long[SLOTS];
    /** Snapshots of the totals at the start of each slot, {@link #KINDS} per slot. */
    private final long[] snapshots = new long[SLOTS * KINDS];

    RecentCalls(ServiceStatistics totals, long nowNanos) {
        this.totals = totals;
        this.originNanos = nowNanos;
        Arrays.fill(slotOf, Long.MIN_VALUE);
        slotOf[0] = 0;
    }

    /** Called just before a finished call is added to the totals, so that it lands in the slot of {@code nowNanos}. */
    void beforeRecord(long nowNanos) {
        long slot = slotAt(nowNanos);
        if (slot > lastSlot) {
            startSlot(slot);
        }
    }

    private void startSlot(long slot) {
        synchronized (lock) {
            long last = lastSlot;
            if (slot <= last) {
                return;
            }
            long calls = totals.calls();
            long successes = totals.successes();
            long fallbacks = totals.count(Outcome.FALLBACK);
            for (long s = Math.max(last + 1, slot - SLOTS + 1); s <= slot; s++) {
                int index = (int) Math.floorMod(s, (long) SLOTS);
                slotOf[index] = s;
                snapshots[index * KINDS + CALLS] = calls;
                snapshots[index * KINDS + SUCCESSES] = successes;
                snapshots[index * KINDS + FALLBACKS] = fallbacks;
            }
            lastSlot = slot;
        }
    }

    /** The calls that ended in the window that ends at {@code nowNanos}. */
    ServiceStatistics.Recent read(long nowNanos) {
        long first = slotAt(nowNanos) - SLOTS + 1;
        synchronized (lock) {
            long calls = totals.calls();
            long successes = totals.successes();
            long fallbacks = totals.count(Outcome.FALLBACK);
            if (first > lastSlot) {
                // nothing ended since the window's first slot began
                return new ServiceStatistics.Recent(0, 0, 0, WINDOW);
            }
            int index = (int) Math.floorMod(first, (long) SLOTS);
            if (slotOf[index] == first) {
                calls -= snapshots[index * KINDS + CALLS];
                successes -= snapshots[index * KINDS + SUCCESSES];
                fallbacks -= snapshots[index * KINDS + FALLBACKS];
            }
            // otherwise the window reaches back before the statistics began: everything since start is recent
            return new ServiceStatistics.Recent(calls, successes, fallbacks, WINDOW);
        }
    }

    private long slotAt(long nowNanos) {
        return Math.floorDiv(nowNanos - originNanos, SLOT_NANOS);
    }
}
