package dev.retrykit.core.idempotency;

import dev.retrykit.core.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one owned key's in-flight lease alive: every third of the lease it asks the store to extend the claim, until
 * {@link #stop()} (the key was completed or released). A renewal the store fails is logged; the next one tries again,
 * and a claim never renewed expires after one lease. Thread-safe.
 */
final class LeaseRenewal implements Runnable {

    private static final System.Logger LOG = System.getLogger(LeaseRenewal.class.getName());

    private final IdempotencyStore store;
    private final String hash;
    private final Duration lease;
    private final Scheduler scheduler;
    private final long intervalNanos;
    /** Guarded by {@code this}: whether renewal ended, and the next scheduled renewal. */
    private boolean stopped;
    private Scheduler.Cancellable next;

    private LeaseRenewal(IdempotencyStore store, String hash, Duration lease, Scheduler scheduler) {
        this.store = store;
        this.hash = hash;
        this.lease = lease;
        this.scheduler = scheduler;
        this.intervalNanos = Math.max(1_000_000L, lease.toNanos() / 3);
    }

    /** Starts renewing {@code hash}'s lease on {@code scheduler}. */
    static LeaseRenewal start(IdempotencyStore store, String hash, Duration lease, Scheduler scheduler) {
        LeaseRenewal renewal = new LeaseRenewal(store, hash, lease, scheduler);
        renewal.scheduleNext();
        return renewal;
    }

    @Override
    public void run() {
        synchronized (this) {
            if (stopped) {
                return;
            }
        }
        try {
            store.renew(hash, lease);
        } catch (RuntimeException storeFailure) {
            LOG.log(System.Logger.Level.WARNING, "idempotency store could not renew an in-flight key; trying again in "
                    + Duration.ofNanos(intervalNanos).toMillis() + " ms", storeFailure);
        }
        scheduleNext();
    }

    /** Ends renewal; a renewal already running finishes, none starts after. */
    void stop() {
        Scheduler.Cancellable pending;
        synchronized (this) {
            stopped = true;
            pending = next;
            next = null;
        }
        if (pending != null) {
            pending.cancel();
        }
    }

    private void scheduleNext() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            try {
                next = scheduler.schedule(this, intervalNanos);
            } catch (RuntimeException refused) {
                // a scheduler shut down (the application is stopping): the claim then holds for one lease only
                LOG.log(System.Logger.Level.WARNING, "idempotency lease renewal could not be scheduled", refused);
            }
        }
    }

    /** The timer of calls built without one: one daemon thread for the whole JVM, created on first use. */
    static Scheduler sharedTimer() {
        return SharedTimer.SCHEDULER;
    }

    private static final class SharedTimer {
        private static final Scheduler SCHEDULER = create();

        private static Scheduler create() {
            ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "retrykit-idempotency-lease");
                thread.setDaemon(true);
                return thread;
            });
            pool.setRemoveOnCancelPolicy(true);
            return (task, delayNanos) -> {
                ScheduledFuture<?> future = pool.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            };
        }
    }
}
