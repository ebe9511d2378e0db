package dev.retrykit.core.breaker;

import dev.retrykit.core.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A circuit breaker for one service: it stops calls to a dependency that fails or slows down too often, and probes
 * it again after a wait.
 *
 * <p>States: {@link CircuitState#CLOSED} records outcomes in a sliding window (the last {@code slidingWindowSize}
 * calls, or the calls of the last {@code slidingWindowSize} seconds in one-second buckets) and opens once at least
 * {@code minimumCalls} are buffered and the failure rate or the slow-call rate reaches its threshold.
 * {@link CircuitState#OPEN} rejects calls; the first permission asked after the wait in open has passed moves the
 * breaker to {@link CircuitState#HALF_OPEN}, which hands out exactly {@code halfOpenCalls} trial permits: when all
 * trials succeed the breaker closes with a fresh window, a failed trial (or a slow-call rate of the trials at its
 * threshold) opens it again with the wait doubled, up to {@code maxWaitInOpen}; closing resets the wait.
 * {@link CircuitState#FORCED_OPEN} rejects everything and {@link CircuitState#DISABLED} admits everything and records
 * nothing, until {@link #transitionTo(CircuitState)} moves the breaker elsewhere. Every transition is reported once
 * to the {@link TransitionListener}, synchronously, while the breaker's lock is held.
 *
 * <p>Time comes only from the injected {@link Clock}.
 *
 * <p>Thread-safety: all methods are safe to call from any thread. The hot path is lock-free and allocation-free:
 * {@link #tryAcquirePermission()} in CLOSED is one volatile read, and {@link #onSuccess(long)} of a call faster
 * than the slow-call duration adds to striped counters (per-thread cells, so concurrent successes do not contend on
 * one memory location) without any lock. Failures, slow calls, half-open trials, transitions, reconfiguration and
 * {@link #metrics()} take the breaker's lock. Outcomes that arrive after the state changed are ignored: a call
 * admitted while CLOSED that ends while OPEN, and, when the caller passes the {@link #generation()} it read after its
 * permission, a call admitted before the current HALF_OPEN (or CLOSED) period began, so that it neither counts as a
 * trial nor hands out an extra trial permit.
 */
public final class CircuitBreaker {

    /** Receives state transitions; called once per transition, on the thread causing it, under the breaker's lock. */
    @FunctionalInterface
    public interface TransitionListener {
        /**
         * Called after the breaker {@code name} moved from {@code from} to {@code to}.
         *
         * @param name the breaker's (service's) name
         * @param from the state left
         * @param to   the state entered
         */
        void onStateTransition(String name, CircuitState from, CircuitState to);
    }

    private static final System.Logger LOG = System.getLogger(CircuitBreaker.class.getName());

    private final String name;
    private final Clock clock;
    private final TransitionListener listener;
    private final Object lock = new Object();
    private final LongAdder notPermittedCalls = new LongAdder();
    private final AtomicInteger halfOpenPermits = new AtomicInteger();

    private volatile CircuitState state;
    /** Incremented by every transition, so outcomes can be matched to the period their permission came from. */
    private volatile int generation;
    private volatile CircuitBreakerConfig config;
    private volatile long slowCallNanos;
    /** Used only while CLOSED; replaced by a fresh one on every entry into CLOSED. */
    private volatile OutcomeWindow window;
    private volatile long openedAtNanos;
    private volatile long openWaitNanos;
    /** Wall-clock time of the last transition, for stores that share state between instances; 0 before any. */
    private volatile long lastTransitionMillis;

    // guarded by lock
    private int halfOpenTrials;
    private int halfOpenCompleted;
    private int halfOpenSlow;

    /**
     * Creates a breaker, CLOSED (or DISABLED when {@code config.enabled()} is false).
     *
     * @param name     the service name, passed to the listener
     * @param config   the settings
     * @param clock    source of time for the time window and the wait in open
     * @param listener receives transitions; may be {@code null}
     */
    public CircuitBreaker(String name, CircuitBreakerConfig config, Clock clock, TransitionListener listener) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = listener;
        this.slowCallNanos = config.slowCallDuration().toNanos();
        this.openWaitNanos = config.waitInOpen().toNanos();
        this.window = newWindow(config);
        this.state = config.enabled() ? CircuitState.CLOSED : CircuitState.DISABLED;
    }

    /**
     * Asks to make a call. True in CLOSED and DISABLED; in HALF_OPEN true for at most {@code halfOpenCalls} callers
     * (a permit is handed out by CAS, so never more even under contention); false in OPEN (until the wait in open
     * has passed, which moves the breaker to HALF_OPEN) and FORCED_OPEN. Each false is counted in
     * {@link CircuitBreakerMetrics#notPermittedCalls()}. A caller given a permit must end with
     * {@link #onSuccess(long)}, {@link #onError(long)} or {@link #releasePermission()}.
     *
     * @return whether the call may proceed
     */
    public boolean tryAcquirePermission() {
        CircuitState current = state;
        if (current == CircuitState.CLOSED || current == CircuitState.DISABLED) {
            return true;
        }
        return tryAcquireOutsideClosed(current);
    }

    private boolean tryAcquireOutsideClosed(CircuitState current) {
        if (current == CircuitState.OPEN) {
            if (clock.nanoTime() - openedAtNanos < openWaitNanos) {
                notPermittedCalls.increment();
                return false;
            }
            halfOpenAfterWait();
            current = state;
            if (current == CircuitState.CLOSED || current == CircuitState.DISABLED) {
                return true;
            }
        }
        if (current == CircuitState.HALF_OPEN && takeHalfOpenPermit()) {
            return true;
        }
        notPermittedCalls.increment();
        return false;
    }

    private void halfOpenAfterWait() {
        synchronized (lock) {
            if (state == CircuitState.OPEN && clock.nanoTime() - openedAtNanos >= openWaitNanos) {
                transition(CircuitState.OPEN, CircuitState.HALF_OPEN);
            }
        }
    }

    private boolean takeHalfOpenPermit() {
        while (true) {
            int permits = halfOpenPermits.get();
            if (permits <= 0) {
                return false;
            }
            if (halfOpenPermits.compareAndSet(permits, permits - 1)) {
                return true;
            }
        }
    }

    /**
     * Records a successful call. In CLOSED a call shorter than the slow-call duration is recorded lock-free;
     * a slow one, or any call in HALF_OPEN, under the lock. Ignored in the other states.
     *
     * @param durationNanos how long the call took, in nanoseconds
     */
    public void onSuccess(long durationNanos) {
        onSuccess(durationNanos, generation);
    }

    /**
     * Records a successful call whose permission was taken in period {@code acquiredIn} (see {@link #generation()});
     * outside the fast path an outcome of an earlier period is ignored.
     */
    public void onSuccess(long durationNanos, int acquiredIn) {
        CircuitState current = state;
        if (current == CircuitState.CLOSED && durationNanos < slowCallNanos) {
            OutcomeWindow recording = window;
            recording.recordFastSuccess();
            if (recording.evaluateOnSuccess) {
                evaluateAfterSuccess(recording);
            }
        } else if (current == CircuitState.CLOSED || current == CircuitState.HALF_OPEN) {
            recordUnderLock(false, durationNanos, acquiredIn);
        }
    }

    /**
     * Records a failed call (one counted against the service). May open the breaker. Ignored in OPEN, FORCED_OPEN
     * and DISABLED.
     *
     * @param durationNanos how long the call took, in nanoseconds; a failure can also be slow
     */
    public void onError(long durationNanos) {
        onError(durationNanos, generation);
    }

    /** Records a failed call whose permission was taken in period {@code acquiredIn}; earlier periods are ignored. */
    public void onError(long durationNanos, int acquiredIn) {
        CircuitState current = state;
        if (current == CircuitState.CLOSED || current == CircuitState.HALF_OPEN) {
            recordUnderLock(true, durationNanos, acquiredIn);
        }
    }

    /**
     * The current period: it changes with every transition. Read it right after {@link #tryAcquirePermission()} and
     * pass it with the outcome, so a late outcome of an earlier period is not taken for the current one.
     */
    public int generation() {
        return generation;
    }

    private void evaluateAfterSuccess(OutcomeWindow recording) {
        synchronized (lock) {
            if (state == CircuitState.CLOSED && window == recording) {
                recording.refresh();
                evaluateClosed(recording);
            }
        }
    }

    private void recordUnderLock(boolean isFailure, long durationNanos, int acquiredIn) {
        boolean isSlow = durationNanos >= slowCallNanos;
        synchronized (lock) {
            if (acquiredIn != generation) {
                return;
            }
            CircuitState current = state;
            if (current == CircuitState.CLOSED) {
                OutcomeWindow recording = window;
                recording.recordMarked(isFailure, isSlow);
                evaluateClosed(recording);
            } else if (current == CircuitState.HALF_OPEN) {
                recordTrial(isFailure, isSlow);
            }
        }
    }

    /** Opens when a rate reached its threshold; otherwise arms the success path while the window is warming up. */
    private void evaluateClosed(OutcomeWindow recording) {
        CircuitBreakerConfig current = config;
        int minimumCalls = recording.effectiveMinimumCalls(current.minimumCalls());
        int buffered = recording.buffered;
        if (buffered >= minimumCalls
                && (reached(recording.failed, buffered, current.failureRateThreshold())
                        || reached(recording.slow, buffered, current.slowCallRateThreshold()))) {
            recording.evaluateOnSuccess = false;
            transition(CircuitState.CLOSED, CircuitState.OPEN);
            return;
        }
        // successes only lower the rates, except while they bring the window up to its minimum
        recording.evaluateOnSuccess = buffered < minimumCalls && (recording.failed > 0 || recording.slow > 0);
    }

    private void recordTrial(boolean isFailure, boolean isSlow) {
        if (isFailure) {
            transition(CircuitState.HALF_OPEN, CircuitState.OPEN);
            return;
        }
        halfOpenCompleted++;
        if (isSlow) {
            halfOpenSlow++;
        }
        if (reached(halfOpenSlow, halfOpenTrials, config.slowCallRateThreshold())) {
            transition(CircuitState.HALF_OPEN, CircuitState.OPEN);
        } else if (halfOpenCompleted >= halfOpenTrials) {
            transition(CircuitState.HALF_OPEN, CircuitState.CLOSED);
        }
    }

    private static boolean reached(int count, int calls, double thresholdPercent) {
        return count > 0 && count * 100.0 >= thresholdPercent * calls;
    }

    /**
     * Gives back a permission without recording an outcome (the call was cancelled, or failed by the caller's own
     * fault). Returns a trial permit in HALF_OPEN; does nothing in the other states.
     */
    public void releasePermission() {
        releasePermission(generation);
    }

    /** Gives back a permission taken in period {@code acquiredIn}; one of an earlier period is ignored. */
    public void releasePermission(int acquiredIn) {
        if (state != CircuitState.HALF_OPEN) {
            return;
        }
        synchronized (lock) {
            if (state == CircuitState.HALF_OPEN && acquiredIn == generation) {
                int inUse = halfOpenTrials - halfOpenCompleted - halfOpenPermits.get();
                if (inUse > 0) {
                    halfOpenPermits.incrementAndGet();
                }
            }
        }
    }

    /**
     * The current state. OPEN is reported until a permission is asked after the wait has passed.
     *
     * @return the state, never {@code null}
     */
    public CircuitState state() {
        return state;
    }

    /**
     * When the breaker last changed state, on the wall clock of its {@link Clock}: a shared state store compares it
     * with other instances' transitions (newest wins). Written under the lock on every transition, read without one.
     *
     * @return epoch milliseconds of the last transition, 0 when the breaker never changed state
     */
    public long lastTransitionMillis() {
        return lastTransitionMillis;
    }

    /**
     * Moves the breaker to {@code target} on an operator's or a shared store's request: FORCED_OPEN, CLOSED (with a
     * fresh window and the wait reset), DISABLED, OPEN (starting a wait now) or HALF_OPEN (with fresh trial
     * permits). Nothing happens, and nothing is reported, when the breaker is already in {@code target}.
     *
     * @param target the state to enter
     */
    public void transitionTo(CircuitState target) {
        Objects.requireNonNull(target, "target");
        synchronized (lock) {
            CircuitState current = state;
            if (current != target) {
                transition(current, target);
            }
        }
    }

    /**
     * Swaps the configuration atomically. The window is replaced by an empty one when its type or size changes;
     * thresholds, minimum calls and the slow-call duration apply from the next outcome. Turning {@code enabled} off
     * moves the breaker to DISABLED, turning it on again moves a DISABLED breaker to CLOSED.
     *
     * @param newConfig the new settings
     */
    public void reconfigure(CircuitBreakerConfig newConfig) {
        Objects.requireNonNull(newConfig, "config");
        synchronized (lock) {
            CircuitBreakerConfig previous = config;
            config = newConfig;
            slowCallNanos = newConfig.slowCallDuration().toNanos();
            long baseWait = newConfig.waitInOpen().toNanos();
            // a doubled wait survives a reconfiguration until the breaker closes, within the new bounds
            openWaitNanos = state == CircuitState.CLOSED || state == CircuitState.DISABLED
                    ? baseWait
                    : Math.min(Math.max(openWaitNanos, baseWait), newConfig.maxWaitInOpen().toNanos());
            if (!window.hasShapeOf(newConfig)) {
                window = newWindow(newConfig);
            }
            CircuitState current = state;
            if (!newConfig.enabled() && current != CircuitState.DISABLED) {
                transition(current, CircuitState.DISABLED);
            } else if (newConfig.enabled() && !previous.enabled() && current == CircuitState.DISABLED) {
                transition(current, CircuitState.CLOSED);
            }
        }
    }

    /**
     * The current settings.
     *
     * @return the configuration last given
     */
    public CircuitBreakerConfig config() {
        return config;
    }

    /**
     * The wait left in OPEN before the next permission request moves the breaker to HALF_OPEN.
     *
     * @return nanoseconds, 0 when not OPEN or when the wait has passed
     */
    public long remainingOpenNanos() {
        if (state != CircuitState.OPEN) {
            return 0;
        }
        return Math.max(0, openedAtNanos + openWaitNanos - clock.nanoTime());
    }

    /**
     * A snapshot of the window: rates over the buffered calls (even below the minimum calls), and the calls
     * rejected since creation. After the breaker opened it shows the window that tripped it, until it closes.
     *
     * @return a new snapshot
     */
    public CircuitBreakerMetrics metrics() {
        synchronized (lock) {
            OutcomeWindow current = window;
            current.refresh();
            int buffered = current.buffered;
            double failureRate = buffered == 0 ? 0 : (double) current.failed / buffered;
            double slowCallRate = buffered == 0 ? 0 : (double) current.slow / buffered;
            return new CircuitBreakerMetrics(failureRate, slowCallRate, buffered, current.failed,
                    notPermittedCalls.sum());
        }
    }

    /** Caller holds the lock and has checked {@code from != to}. */
    private void transition(CircuitState from, CircuitState to) {
        CircuitBreakerConfig current = config;
        halfOpenPermits.set(0);
        switch (to) {
            case CLOSED -> {
                window = newWindow(current);
                openWaitNanos = current.waitInOpen().toNanos();
            }
            case OPEN -> {
                if (from == CircuitState.HALF_OPEN) {
                    long max = current.maxWaitInOpen().toNanos();
                    long wait = openWaitNanos;
                    openWaitNanos = wait > max / 2 ? max : Math.min(max, wait * 2);
                }
                openedAtNanos = clock.nanoTime();
            }
            case HALF_OPEN -> {
                halfOpenTrials = current.halfOpenCalls();
                halfOpenCompleted = 0;
                halfOpenSlow = 0;
                halfOpenPermits.set(halfOpenTrials);
            }
            default -> {
                // FORCED_OPEN and DISABLED keep nothing
            }
        }
        // state first, then the stamp: a reader taking the stamp and then the state never pairs a new stamp with the
        // old state (the other mix-up is corrected at the next read, when it sees the newer stamp)
        generation++;
        state = to;
        lastTransitionMillis = clock.currentTimeMillis();
        if (listener != null) {
            try {
                listener.onStateTransition(name, from, to);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "circuit breaker '" + name + "': transition listener failed on "
                        + from + " -> " + to, e);
            }
        }
    }

    private OutcomeWindow newWindow(CircuitBreakerConfig current) {
        return current.slidingWindowType() == SlidingWindowType.COUNT
                ? new CountWindow(current.slidingWindowSize())
                : new TimeWindow(current.slidingWindowSize(), clock);
    }
}
