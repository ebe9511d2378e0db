package dev.retrykit.core.store;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitBreaker;
import dev.retrykit.core.budget.RetryBudget;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one instance's circuit breakers and retry budgets in step with the rest of the fleet through a
 * {@link SharedStateStore}. Guarded calls never wait for it: it runs in rounds on its own daemon thread, every
 * sync interval, and reads local state only through the breakers' and budgets' own counters.
 *
 * <p>Each round:
 * <ol>
 *   <li>notes the transitions of local breakers since the last round (their state and
 *       {@link CircuitBreaker#lastTransitionMillis()});</li>
 *   <li>reads the shared records and moves each local breaker to a shared state that is newer than everything this
 *       instance knows of that breaker (its own last transition included): one instance's trip opens the breaker
 *       everywhere, an operator's forced open, close or disable applies everywhere; half-open trials stay local;</li>
 *   <li>publishes every known record that is newer than the shared one (newest wins, by wall-clock time), which
 *       also restores the shared state when the store lost it;</li>
 *   <li>pushes the calls and retries each budget counted since the last exchange and applies the other instances'
 *       calls and retries to the local budget, so that the budgets of the fleet spend one fleet-wide allowance. The
 *       first exchange of a budget (and the first after the store lost its totals) only takes a baseline.</li>
 * </ol>
 *
 * <p>When the store fails, the round is abandoned and logged once, calls go on with local state, activity keeps
 * accumulating and is pushed on the first round that reaches the store again. Time stamps come from the registry's
 * clock: instances' clocks should agree to well within the wait in open.
 *
 * <p>Thread-safety: {@link #syncOnce()} is serialised; {@link #start()} and {@link #close()} may be called from any
 * thread.
 */
public final class StateSynchronizer implements AutoCloseable {

    /** Budget name under which the registry's global budget is shared. */
    public static final String GLOBAL_BUDGET = "global";

    /** Prefix of the budget name under which a service's budget is shared, followed by the service name. */
    public static final String SERVICE_BUDGET_PREFIX = "service:";

    private static final System.Logger LOG = System.getLogger(StateSynchronizer.class.getName());

    private final ServiceRegistry registry;
    private final SharedStateStore store;
    private final String instanceId;
    private final Duration interval;

    // guarded by this
    private final Map<String, BreakerTracker> breakers = new HashMap<>();
    private final Map<String, BudgetTracker> budgets = new HashMap<>();
    private ScheduledExecutorService executor;
    private boolean closed;

    private volatile boolean lastRoundSucceeded = true;

    /**
     * Creates a synchronizer; nothing runs before {@link #start()} or {@link #syncOnce()}.
     *
     * @param registry   the services whose state is shared
     * @param store      where the fleet's state lives
     * @param instanceId this instance's name in shared records, unique in the fleet
     * @param interval   time between the end of one round and the start of the next; positive
     */
    public StateSynchronizer(ServiceRegistry registry, SharedStateStore store, String instanceId, Duration interval) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.store = Objects.requireNonNull(store, "store");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("sync interval must be positive: " + interval);
        }
    }

    /** Starts the rounds on a daemon thread named {@code retrykit-state-sync}; a second call does nothing. */
    public synchronized void start() {
        if (executor != null || closed) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "retrykit-state-sync");
            thread.setDaemon(true);
            return thread;
        });
        long nanos = interval.toNanos();
        executor.scheduleWithFixedDelay(this::scheduledRound, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** Stops the rounds; a round in progress is interrupted. */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            closed = true;
            running = executor;
            executor = null;
        }
        if (running != null) {
            running.shutdownNow();
        }
    }

    /** This instance's name in shared records. */
    public String instanceId() {
        return instanceId;
    }

    /** The store state is shared through. */
    public SharedStateStore store() {
        return store;
    }

    /** Whether the last round reached the store (true before the first round). */
    public boolean lastRoundSucceeded() {
        return lastRoundSucceeded;
    }

    private void scheduledRound() {
        try {
            syncOnce();
        } catch (RuntimeException | Error e) {
            // a failing round must not cancel the schedule
            LOG.log(System.Logger.Level.WARNING, "retrykit state sync round failed", e);
        }
    }

    /**
     * Runs one round now, on the calling thread.
     *
     * @return true when the round reached the store; false when the store failed (the failure is logged once per
     *         outage, and local activity is kept for the next round)
     */
    public synchronized boolean syncOnce() {
        noteLocalTransitions();
        drainBudgets();
        try {
            Map<String, BreakerRecord> shared = store.readBreakerStates();
            applyNewerSharedStates(shared);
            publishNewerLocalStates(shared);
            exchangeBudgets();
        } catch (RuntimeException e) {
            if (lastRoundSucceeded) {
                LOG.log(System.Logger.Level.WARNING, "retrykit " + store.type() + " store unreachable, continuing on"
                        + " local state and retrying every " + interval.toMillis() + " ms: " + e);
            }
            lastRoundSucceeded = false;
            return false;
        }
        if (!lastRoundSucceeded) {
            LOG.log(System.Logger.Level.INFO, "retrykit " + store.type() + " store reachable again, state resynced");
        }
        lastRoundSucceeded = true;
        return true;
    }

    private void noteLocalTransitions() {
        for (GuardedService service : registry.services()) {
            CircuitBreaker breaker = service.circuitBreaker();
            long stamp = breaker.lastTransitionMillis();
            BreakerTracker tracker = breakers.computeIfAbsent(service.name(), name -> new BreakerTracker());
            if (stamp != tracker.seenStamp) {
                tracker.seenStamp = stamp;
                BreakerRecord local = new BreakerRecord(breaker.state(), stamp, instanceId);
                if (local.isNewerThan(tracker.known)) {
                    tracker.known = local;
                }
            }
        }
    }

    private void applyNewerSharedStates(Map<String, BreakerRecord> shared) {
        for (Map.Entry<String, BreakerRecord> entry : shared.entrySet()) {
            GuardedService service = registry.find(entry.getKey());
            if (service == null) {
                continue;
            }
            BreakerTracker tracker = breakers.computeIfAbsent(entry.getKey(), name -> new BreakerTracker());
            BreakerRecord remote = entry.getValue();
            CircuitBreaker breaker = service.circuitBreaker();
            // a local transition since noteLocalTransitions is compared in the next round instead
            if (!remote.isNewerThan(tracker.known) || breaker.lastTransitionMillis() != tracker.seenStamp) {
                continue;
            }
            tracker.known = remote;
            if (remote.isShared() && breaker.config().enabled() && breaker.state() != remote.state()) {
                breaker.transitionTo(remote.state());
                tracker.seenStamp = breaker.lastTransitionMillis();
            }
        }
    }

    private void publishNewerLocalStates(Map<String, BreakerRecord> shared) {
        for (Map.Entry<String, BreakerTracker> entry : breakers.entrySet()) {
            BreakerRecord known = entry.getValue().known;
            if (known != null && known.isShared() && known.isNewerThan(shared.get(entry.getKey()))) {
                store.publishBreakerState(entry.getKey(), known);
            }
        }
    }

    private void drainBudgets() {
        drain(GLOBAL_BUDGET, registry.globalBudget());
        for (GuardedService service : registry.services()) {
            drain(SERVICE_BUDGET_PREFIX + service.name(), service.budget());
        }
    }

    private void drain(String name, RetryBudget budget) {
        BudgetTracker tracker = budgets.computeIfAbsent(name, n -> new BudgetTracker(budget));
        long calls = budget.drainLocalCalls();
        long retries = budget.drainLocalRetries();
        if (calls != 0 || retries != 0) {
            tracker.pending = tracker.pending.plus(new BudgetCounts(calls, retries));
        }
    }

    private void exchangeBudgets() {
        Map<String, BudgetCounts> activity = new HashMap<>();
        budgets.forEach((name, tracker) -> {
            if (tracker.budget.config().enabled()) {
                activity.put(name, tracker.pending);
            }
        });
        if (activity.isEmpty()) {
            return;
        }
        Map<String, BudgetCounts> totals = store.exchangeBudgets(activity);
        totals.forEach((name, total) -> {
            BudgetTracker tracker = budgets.get(name);
            if (tracker != null) {
                tracker.accept(total);
            }
        });
    }

    /** What this instance knows of one breaker. Confined to the round. */
    private static final class BreakerTracker {
        /** The breaker's {@code lastTransitionMillis} when last looked at. */
        long seenStamp;
        /** The newest transition known, local or shared; null until there is one. */
        BreakerRecord known;
    }

    /** Exchange state of one budget. Confined to the round. */
    private static final class BudgetTracker {
        final RetryBudget budget;
        /** Local activity not yet accepted by the store. */
        BudgetCounts pending = BudgetCounts.NONE;
        /** The fleet's totals after the last exchange; null before the first. */
        BudgetCounts seen;

        BudgetTracker(RetryBudget budget) {
            this.budget = budget;
        }

        void accept(BudgetCounts total) {
            BudgetCounts previous = seen;
            BudgetCounts mine = pending;
            pending = BudgetCounts.NONE;
            seen = total;
            if (previous == null || total.calls() < previous.calls() + mine.calls()
                    || total.retries() < previous.retries() + mine.retries()) {
                // first exchange, or the store lost its totals: take a baseline, apply nothing
                return;
            }
            budget.applyRemoteCalls(total.calls() - previous.calls() - mine.calls());
            budget.applyRemoteWithdrawals(total.retries() - previous.retries() - mine.retries());
        }
    }
}
