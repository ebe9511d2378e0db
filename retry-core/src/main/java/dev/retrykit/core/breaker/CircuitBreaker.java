package dev.retrykit.core.breaker;

import dev.retrykit.core.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A circuit breaker for one service: it stops calls to a dependency that fails or slows down too often, and probes
 * it again after a wait.
 *
 * <p>States: {@link CircuitState#CLOSED} records outcomes in a sliding window (the last {@code slidingWindowSize}
 * calls, or the calls of the last {@code slidingWindowSize} seconds in one-second buckets) and opens once at least
 * {@code minimumCalls} are buffered and the failure rate or the slow-call rate reaches its threshold. It evaluates
 * the rates when an outcome is recorded and, with a time window, also when calls leave the window (successes leaving
 * can raise a rate): the first permission asked after a second boundary re-evaluates while failed or slow calls are
 * buffered.
 * {@link CircuitState#OPEN} rejects calls; the first permission asked after the wait in open has passed moves the
 * breaker to {@link CircuitState#HALF_OPEN}, which hands out exactly {@code halfOpenCalls} trial permits: when all
 * trials succeed the breaker closes with a fresh window, a failed trial (or a slow-call rate of the trials at its
 * threshold) opens it again with the wait doubled, up to {@code maxWaitInOpen}; closing resets the wait. A HALF_OPEN
 * period that has no verdict within {@code maxTimeInHalfOpen} (a trial that never answers, or too few callers to use
 * the permits) counts as a failed trial: the breaker goes back to OPEN, dated when the time ran out, with the wait
 * doubled, and hands out fresh trial permits when it next half-opens, so a silent trial can never wedge it. The
 * breaker notices this when it is asked for a permission or told an outcome.
 * {@link CircuitState#FORCED_OPEN} rejects everything and {@link CircuitState#DISABLED} admits everything and records
 * nothing, until {@link #transitionTo(CircuitState)} moves the breaker elsewhere. Every transition is reported once
 * to the {@link TransitionListener}, synchronously, while the breaker's lock is held, and kept among the
 * {@link #recentTransitions()} (the last {@link #MAX_RECENT_TRANSITIONS}, apart from any event log, so that a flood of
 * rejections never hides when the breaker opened); {@link #openPeriod()} tells when an OPEN breaker opened and when
 * its next trial is due.
 *
 * <p>Time comes only from the injected {@link Clock}.
 *
 * <p>Periods: every transition starts a new period. {@link #acquirePermission()} returns the period in which it
 * granted the permission, read in the same volatile read as the state (both are packed into one word), and the
 * caller passes it back with the outcome ({@link #onSuccess(long, int)}, {@link #onError(long, int)},
 * {@link #releasePermission(int)}). An outcome of an earlier period is ignored: a call admitted while CLOSED that
 * ends in a later HALF_OPEN (or CLOSED) period neither counts as a trial, nor hands out an extra trial permit, nor
 * lands in the new window.
 *
 * <p>Thread-safety: all methods are safe to call from any thread. The hot path is lock-free and allocation-free:
 * {@link #acquirePermission()} in CLOSED with a count window is one volatile read (with a time window, a second
 * volatile read, plus a clock read while failed or slow calls are buffered, and the lock at most once a second), and
 * {@link #onSuccess(long, int)} of a call faster than the slow-call duration adds to striped counters (per-thread
 * cells, so concurrent successes do not contend on one memory location) without any lock. Failures, slow calls,
 * half-open trials, transitions, reconfiguration and {@link #metrics()} take the breaker's lock.
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

    /**
     * What {@link #acquirePermission()} returns when the call may not proceed; never a period, which is always
     * {@code >= 0}.
     */
    public static final int NOT_PERMITTED = -1;

    /** How many transitions {@link #recentTransitions()} keeps. */
    public static final int MAX_RECENT_TRANSITIONS = 20;

    private static final System.Logger LOG = System.getLogger(CircuitBreaker.class.getName());

    private static final CircuitState[] STATES = CircuitState.values();
    private static final int STATE_MASK = 0b111;
    /** Set in CLOSED with a window whose calls expire with time: a permission request checks the window first. */
    private static final int WATCH_WINDOW = 0b1000;
    private static final int PERIOD_SHIFT = 4;
    /** Periods wrap around within 27 bits, so the packed word and every period stay non-negative. */
    private static final int PERIOD_MASK = Integer.MAX_VALUE >>> PERIOD_SHIFT;
    private static final int FAST_PATH_MASK = STATE_MASK | WATCH_WINDOW;
    private static final int CLOSED_FAST = CircuitState.CLOSED.ordinal();

    private final String name;
    private final Clock clock;
    private final TransitionListener listener;
    private final Object lock = new Object();
    private final LongAdder notPermittedCalls = new LongAdder();
    /**
     * Trial permits left in HALF_OPEN, tagged with their period: {@code period << 32 | permits}. A permit is taken
     * by CAS only while the tag is the period the caller read, so a caller that read an earlier period cannot take a
     * later period's permit and report it under the wrong period.
     */
    private final AtomicLong halfOpenPermits = new AtomicLong();

    /**
     * State and period in one word, {@code period << PERIOD_SHIFT | WATCH_WINDOW? | state ordinal}, so that both are
     * read together in one volatile read. Written only under the lock.
     */
    private volatile int stateAndPeriod;
    private volatile CircuitBreakerConfig config;
    private volatile long slowCallNanos;
    /** Used only while CLOSED; replaced by a fresh one on every entry into CLOSED. */
    private volatile OutcomeWindow window;
    private volatile long openedAtNanos;
    private volatile long openWaitNanos;
    /** When the current HALF_OPEN period began; meaningful only in HALF_OPEN. */
    private volatile long halfOpenSinceNanos;
    /** {@link CircuitBreakerConfig#maxTimeInHalfOpen()} in nanoseconds, saturated. */
    private volatile long halfOpenMaxNanos;
    /** Wall-clock time of the last transition, for stores that share state between instances; 0 before any. */
    private volatile long lastTransitionMillis;

    /** Wall-clock time at which the current OPEN period began; meaningful only in OPEN. */
    private volatile long openedAtMillis;

    // guarded by lock
    /** The last transitions, a ring written at {@code transitionCount % length}. */
    private final StateTransition[] transitions = new StateTransition[MAX_RECENT_TRANSITIONS];
    private long transitionCount;
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
        this.halfOpenMaxNanos = saturatedNanos(config.maxTimeInHalfOpen());
        this.window = newWindow(config);
        this.stateAndPeriod = pack(0, config.enabled() ? CircuitState.CLOSED : CircuitState.DISABLED);
    }

    /**
     * Asks to make a call and tells in which period the permission was granted. In CLOSED and DISABLED every call
     * is admitted; in HALF_OPEN at most {@code halfOpenCalls} callers are (a permit is handed out by CAS, so never
     * more even under contention); OPEN (until the wait in open has passed, which moves the breaker to HALF_OPEN)
     * and FORCED_OPEN admit none. A HALF_OPEN period older than {@code maxTimeInHalfOpen} is failed here first (back
     * to OPEN, and straight on to a fresh HALF_OPEN when the doubled wait has passed too). In CLOSED with a time
     * window, calls that left the window since it was last evaluated are taken into account first, so the breaker
     * may open here. Each refusal is counted in {@link CircuitBreakerMetrics#notPermittedCalls()}.
     *
     * <p>State and period are read together, so the period returned is the one the permission belongs to even when
     * a transition happens at the same time. A caller given a permission must end with
     * {@link #onSuccess(long, int)}, {@link #onError(long, int)} or {@link #releasePermission(int)}, passing the
     * period returned here: an outcome of an earlier period is ignored.
     *
     * <p>Thread-safe. In CLOSED with a count window this is one volatile read, lock-free and allocation-free.
     *
     * @return the period ({@code >= 0}) in which the call was admitted, or {@link #NOT_PERMITTED}
     */
    public int acquirePermission() {
        int current = stateAndPeriod;
        if ((current & FAST_PATH_MASK) == CLOSED_FAST) {
            return current >>> PERIOD_SHIFT;
        }
        return acquireOffFastPath(current);
    }

    /**
     * Asks to make a call, like {@link #acquirePermission()} without telling the period. A caller given a
     * permission must end with {@link #onSuccess(long)}, {@link #onError(long)} or {@link #releasePermission()};
     * prefer {@link #acquirePermission()}, whose period keeps a late outcome from being taken for a later period.
     * Thread-safe.
     *
     * @return whether the call may proceed
     */
    public boolean tryAcquirePermission() {
        return acquirePermission() != NOT_PERMITTED;
    }

    private int acquireOffFastPath(int observed) {
        int current = observed;
        while (true) {
            switch (STATES[current & STATE_MASK]) {
                case CLOSED -> {
                    // off the fast path in CLOSED only with a time window: its calls leave as time passes
                    OutcomeWindow watched = window;
                    if (!watched.evaluationDue()) {
                        return current >>> PERIOD_SHIFT;
                    }
                    evaluateWindow(watched);
                }
                case DISABLED -> {
                    return current >>> PERIOD_SHIFT;
                }
                case OPEN -> {
                    if (clock.nanoTime() - openedAtNanos < openWaitNanos) {
                        return reject();
                    }
                    halfOpenAfterWait();
                }
                case HALF_OPEN -> {
                    long now = clock.nanoTime();
                    if (now - halfOpenSinceNanos >= halfOpenMaxNanos) {
                        synchronized (lock) {
                            expireHalfOpenIfDue(now);
                        }
                    } else if (takeHalfOpenPermit(current >>> PERIOD_SHIFT)) {
                        return current >>> PERIOD_SHIFT;
                    }
                    if (stateAndPeriod == current) {
                        return reject();
                    }
                }
                default -> {
                    return reject();
                }
            }
            // the state moved on since it was read: decide again on the new one
            current = stateAndPeriod;
        }
    }

    /**
     * Fails a HALF_OPEN period that went without a verdict for {@code maxTimeInHalfOpen}, as a failed trial would,
     * but dated when its time ran out: the wait in open then runs from that moment, not from whenever somebody
     * noticed. Caller holds the lock.
     */
    private void expireHalfOpenIfDue(long nowNanos) {
        long since = halfOpenSinceNanos;
        long max = halfOpenMaxNanos;
        if (state() == CircuitState.HALF_OPEN && nowNanos - since >= max) {
            transition(CircuitState.HALF_OPEN, CircuitState.OPEN, since + max);
        }
    }

    private int reject() {
        notPermittedCalls.increment();
        return NOT_PERMITTED;
    }

    private void halfOpenAfterWait() {
        synchronized (lock) {
            if (state() == CircuitState.OPEN && clock.nanoTime() - openedAtNanos >= openWaitNanos) {
                transition(CircuitState.OPEN, CircuitState.HALF_OPEN);
            }
        }
    }

    /** Takes a trial permit of {@code period}; false when none is left or {@code period} is no longer current. */
    private boolean takeHalfOpenPermit(int period) {
        while (true) {
            long value = halfOpenPermits.get();
            if ((int) (value >>> 32) != period || (int) value <= 0) {
                return false;
            }
            if (halfOpenPermits.compareAndSet(value, value - 1)) {
                return true;
            }
        }
    }

    /**
     * Records a successful call of the current period, as {@link #onSuccess(long, int)} with {@link #generation()}.
     * Thread-safe.
     *
     * @param durationNanos how long the call took, in nanoseconds
     */
    public void onSuccess(long durationNanos) {
        onSuccess(durationNanos, generation());
    }

    /**
     * Records a successful call whose permission was granted in period {@code acquiredIn} (the value
     * {@link #acquirePermission()} returned). In CLOSED a call shorter than the slow-call duration is recorded
     * lock-free and allocation-free; a slow one, or any call in HALF_OPEN, under the lock. Ignored in the other
     * states and when {@code acquiredIn} is not the current period, so that a call admitted before a transition
     * neither counts in the new window nor as a trial. Thread-safe.
     *
     * @param durationNanos how long the call took, in nanoseconds
     * @param acquiredIn    the period of the call's permission
     */
    public void onSuccess(long durationNanos, int acquiredIn) {
        int current = stateAndPeriod;
        if ((current & ~WATCH_WINDOW) != (acquiredIn << PERIOD_SHIFT | CLOSED_FAST)) {
            if ((current >>> PERIOD_SHIFT) == acquiredIn && STATES[current & STATE_MASK] == CircuitState.HALF_OPEN) {
                recordUnderLock(false, durationNanos, acquiredIn);
            }
        } else if (durationNanos < slowCallNanos) {
            OutcomeWindow recording = window;
            recording.recordFastSuccess();
            if (recording.evaluateOnSuccess) {
                evaluateWindow(recording);
            }
        } else {
            recordUnderLock(false, durationNanos, acquiredIn);
        }
    }

    /**
     * Records a failed call of the current period, as {@link #onError(long, int)} with {@link #generation()}.
     * Thread-safe.
     *
     * @param durationNanos how long the call took, in nanoseconds; a failure can also be slow
     */
    public void onError(long durationNanos) {
        onError(durationNanos, generation());
    }

    /**
     * Records a failed call (one counted against the service) whose permission was granted in period
     * {@code acquiredIn}. May open the breaker. Ignored in OPEN, FORCED_OPEN and DISABLED and when
     * {@code acquiredIn} is not the current period. Takes the lock. Thread-safe.
     *
     * @param durationNanos how long the call took, in nanoseconds; a failure can also be slow
     * @param acquiredIn    the period of the call's permission
     */
    public void onError(long durationNanos, int acquiredIn) {
        int current = stateAndPeriod;
        CircuitState state = STATES[current & STATE_MASK];
        if ((current >>> PERIOD_SHIFT) == acquiredIn
                && (state == CircuitState.CLOSED || state == CircuitState.HALF_OPEN)) {
            recordUnderLock(true, durationNanos, acquiredIn);
        }
    }

    /**
     * The current period: it changes with every transition (and wraps around, staying {@code >= 0}). Prefer the
     * period returned by {@link #acquirePermission()}, which is read together with the state that granted the
     * permission. Thread-safe, one volatile read.
     *
     * @return the current period, {@code >= 0}
     */
    public int generation() {
        return stateAndPeriod >>> PERIOD_SHIFT;
    }

    private void evaluateWindow(OutcomeWindow recording) {
        synchronized (lock) {
            if (state() == CircuitState.CLOSED && window == recording) {
                recording.refresh();
                evaluateClosed(recording);
            }
        }
    }

    private void recordUnderLock(boolean isFailure, long durationNanos, int acquiredIn) {
        boolean isSlow = durationNanos >= slowCallNanos;
        synchronized (lock) {
            if (state() == CircuitState.HALF_OPEN) {
                // a verdict that comes after the period's time ran out belongs to a period already failed
                expireHalfOpenIfDue(clock.nanoTime());
            }
            int current = stateAndPeriod;
            if ((current >>> PERIOD_SHIFT) != acquiredIn) {
                return;
            }
            CircuitState state = STATES[current & STATE_MASK];
            if (state == CircuitState.CLOSED) {
                OutcomeWindow recording = window;
                recording.recordMarked(isFailure, isSlow);
                evaluateClosed(recording);
            } else if (state == CircuitState.HALF_OPEN) {
                // a trial is a call the breaker judged: it shows in the rates operators read, never in a decision
                window.recordMarked(isFailure, isSlow);
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
        recording.evaluated();
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
     * Gives back a permission of the current period, as {@link #releasePermission(int)} with {@link #generation()}.
     * Thread-safe.
     */
    public void releasePermission() {
        releasePermission(generation());
    }

    /**
     * Gives back a permission granted in period {@code acquiredIn} without recording an outcome (the call was
     * cancelled, or failed by the caller's own fault). Returns a trial permit in HALF_OPEN, never more than
     * {@code halfOpenCalls} in all; does nothing in the other states or when {@code acquiredIn} is not the current
     * period. Thread-safe; takes the lock only in HALF_OPEN.
     *
     * @param acquiredIn the period of the permission
     */
    public void releasePermission(int acquiredIn) {
        if (state() != CircuitState.HALF_OPEN) {
            return;
        }
        synchronized (lock) {
            int current = stateAndPeriod;
            if (STATES[current & STATE_MASK] == CircuitState.HALF_OPEN && (current >>> PERIOD_SHIFT) == acquiredIn) {
                int inUse = halfOpenTrials - halfOpenCompleted - (int) halfOpenPermits.get();
                if (inUse > 0) {
                    halfOpenPermits.incrementAndGet();
                }
            }
        }
    }

    /**
     * The current state, without side effects: OPEN is reported until a permission is asked after the wait has
     * passed, HALF_OPEN until a permission is asked (or an outcome told) after {@code maxTimeInHalfOpen}. Thread-safe,
     * one volatile read.
     *
     * @return the state, never {@code null}
     */
    public CircuitState state() {
        return STATES[stateAndPeriod & STATE_MASK];
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
     * The most recent state changes, newest first: at most {@link #MAX_RECENT_TRANSITIONS}, each dated on the wall
     * clock of the breaker's {@link Clock}. Kept apart from any event log, so that they stay visible however many
     * calls are rejected after the breaker opened. Thread-safe; takes the lock and copies.
     *
     * @return a new list, empty when the breaker never changed state
     */
    public List<StateTransition> recentTransitions() {
        synchronized (lock) {
            int size = (int) Math.min(transitionCount, transitions.length);
            List<StateTransition> newestFirst = new ArrayList<>(size);
            for (int i = 1; i <= size; i++) {
                newestFirst.add(transitions[(int) ((transitionCount - i) % transitions.length)]);
            }
            return newestFirst;
        }
    }

    /**
     * When the breaker opened and when the wait in open ends, read together under the lock. Present only in
     * {@link CircuitState#OPEN}: FORCED_OPEN has no wait, and HALF_OPEN, CLOSED and DISABLED are not open. The next
     * trial follows the current wait (doubled on each repeated trip, changed by a reconfiguration); a breaker still
     * OPEN after that time (no call asked since) shows it in the past. Thread-safe.
     *
     * @return the open period, or empty when the breaker is not OPEN
     */
    public Optional<OpenPeriod> openPeriod() {
        synchronized (lock) {
            if (state() != CircuitState.OPEN) {
                return Optional.empty();
            }
            long openedAt = openedAtMillis;
            return Optional.of(new OpenPeriod(openedAt, openedAt + openWaitNanos / 1_000_000L));
        }
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
            CircuitState current = state();
            if (current != target) {
                transition(current, target);
            }
        }
    }

    /**
     * Returns the breaker to a fresh start, as after construction: CLOSED (DISABLED when its configuration is
     * disabled) with an empty window and the initial wait in open. Reported as a transition when the state changes.
     * Meant for tests that share one breaker between cases; calls in flight keep the permission they hold.
     */
    public void reset() {
        synchronized (lock) {
            CircuitBreakerConfig current = config;
            CircuitState target = current.enabled() ? CircuitState.CLOSED : CircuitState.DISABLED;
            CircuitState state = state();
            if (state != target) {
                transition(state, target);
            }
            window = newWindow(current);
            openWaitNanos = current.waitInOpen().toNanos();
        }
    }

    /**
     * Swaps the configuration atomically. The window is replaced by an empty one when its type or size changes;
     * thresholds, minimum calls and the slow-call duration apply from the next outcome, a new
     * {@code maxTimeInHalfOpen} to the current HALF_OPEN period too (counted from when it began). Turning {@code enabled} off
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
            halfOpenMaxNanos = saturatedNanos(newConfig.maxTimeInHalfOpen());
            long baseWait = newConfig.waitInOpen().toNanos();
            // a doubled wait survives a reconfiguration until the breaker closes, within the new bounds
            CircuitState current = state();
            openWaitNanos = current == CircuitState.CLOSED || current == CircuitState.DISABLED
                    ? baseWait
                    : Math.min(Math.max(openWaitNanos, baseWait), newConfig.maxWaitInOpen().toNanos());
            if (!window.hasShapeOf(newConfig)) {
                window = newWindow(newConfig);
                // same state and period; only whether the permission request watches the window may change
                stateAndPeriod = pack(generation(), current);
            }
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
        if (state() != CircuitState.OPEN) {
            return 0;
        }
        return Math.max(0, openedAtNanos + openWaitNanos - clock.nanoTime());
    }

    /**
     * A snapshot of the window: rates over the buffered calls (even below the minimum calls; 0 when none is buffered),
     * and the calls rejected since creation. The rates keep describing the calls the breaker judged, in every state:
     * after the breaker opened, its window holds the calls that tripped it, plus every half-open trial as it ends (a
     * failed trial raises the failure rate, a successful one lowers it), and a time window lets calls leave as they
     * age, in OPEN too; closing starts a fresh, empty window. The window only shows trials: whether the breaker
     * closes is decided by the trials alone.
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
        transition(from, to, clock.nanoTime());
    }

    /** As {@link #transition(CircuitState, CircuitState)}, the new state counting from {@code atNanos}. */
    private void transition(CircuitState from, CircuitState to, long atNanos) {
        CircuitBreakerConfig current = config;
        int period = (generation() + 1) & PERIOD_MASK;
        int trials = 0;
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
                openedAtNanos = atNanos;
            }
            case HALF_OPEN -> {
                halfOpenTrials = current.halfOpenCalls();
                halfOpenCompleted = 0;
                halfOpenSlow = 0;
                halfOpenSinceNanos = atNanos;
                trials = halfOpenTrials;
            }
            default -> {
                // FORCED_OPEN and DISABLED keep nothing
            }
        }
        // the permits of the new period exist before the period is published, and carry its tag: a caller that read
        // the old period fails its CAS and decides again on the new state
        halfOpenPermits.set((long) period << 32 | trials);
        stateAndPeriod = pack(period, to);
        long nowMillis = clock.currentTimeMillis();
        lastTransitionMillis = nowMillis;
        // a transition dated in the past (a HALF_OPEN period whose time ran out) keeps that date on the wall clock too
        long atMillis = nowMillis - Math.max(0, clock.nanoTime() - atNanos) / 1_000_000L;
        if (to == CircuitState.OPEN) {
            openedAtMillis = atMillis;
        }
        transitions[(int) (transitionCount % transitions.length)] = new StateTransition(from, to, atMillis);
        transitionCount++;
        if (listener != null) {
            try {
                listener.onStateTransition(name, from, to);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "circuit breaker '" + name + "': transition listener failed on "
                        + from + " -> " + to, e);
            }
        }
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The packed word for {@code state} in {@code period}, given the current window. */
    private int pack(int period, CircuitState state) {
        int watch = state == CircuitState.CLOSED && window instanceof TimeWindow ? WATCH_WINDOW : 0;
        return period << PERIOD_SHIFT | watch | state.ordinal();
    }

    private OutcomeWindow newWindow(CircuitBreakerConfig current) {
        return current.slidingWindowType() == SlidingWindowType.COUNT
                ? new CountWindow(current.slidingWindowSize())
                : new TimeWindow(current.slidingWindowSize(), clock);
    }
}
