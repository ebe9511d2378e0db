package dev.retrykit.core.budget;

import dev.retrykit.core.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A ratio retry budget: retries are allowed in proportion to the calls made, so a failing dependency sees at most
 * {@code ratio} extra load from retries instead of a retry storm.
 *
 * <p>Algorithm: a token bucket holding at most {@code burstCapacity} tokens, full when created so that the first
 * failures of a fresh service can retry. {@link #onCall()} deposits {@code ratio} tokens, {@link #tryAcquireRetry()}
 * withdraws one, and {@code minRetriesPerSecond} tokens are added per second of elapsed time so that a quiet service
 * can still retry. A withdrawal must also fit the sliding caps {@code maxRetriesPerMinute} and
 * {@code maxRetriesPerHour} (0 = no cap), counted in one-second buckets for the minute and one-minute buckets for
 * the hour. A disabled budget allows every retry.
 *
 * <p>How the two paths meet: deposits are only counted, in a {@link LongAdder} (striped cells, no clock read, no
 * allocation), because every call runs them. A withdrawal settles them: it takes the counted calls out of the adder
 * with {@code sumThenReset} (each cell is swapped to zero atomically, so every deposit is settled exactly once),
 * adds their tokens and the time-based refill to the balance, capped at the burst capacity, then withdraws one
 * token by CAS. The balance is a fixed-point count of millionths of a token in an {@link AtomicLong} and a
 * withdrawal never takes it below zero.
 *
 * <p>Sharing across instances: a shared state store drains the calls settled and the retries granted here
 * ({@link #drainLocalCalls()}, {@link #drainLocalRetries()}) and applies the other instances' activity
 * ({@link #applyRemoteCalls(long)}, {@link #applyRemoteWithdrawals(long)}) in the background; the counting adds
 * nothing to {@link #onCall()} and one striped increment to a granted retry.
 *
 * <p>Thread-safety: every method is lock-free and safe to call from any thread.
 */
public final class RetryBudget {

    /** Millionths of a token: the balance is kept in fixed point so deposits of {@code ratio} add up exactly. */
    private static final long SCALE = 1_000_000L;
    private static final long SECOND_NANOS = 1_000_000_000L;
    private static final long MINUTE_NANOS = 60 * SECOND_NANOS;

    private final Clock clock;
    private final LongAdder unsettledCalls = new LongAdder();
    private final LongAdder rejectedRetries = new LongAdder();
    /** Calls settled into the balance and retries granted here since the last drain, for a shared store. */
    private final LongAdder settledCalls = new LongAdder();
    private final LongAdder grantedRetries = new LongAdder();
    private final AtomicLong balance;
    private final AtomicLong lastRefillNanos;
    private final SlidingCounter perMinute;
    private final SlidingCounter perHour;
    private volatile RetryBudgetConfig config;

    /**
     * Creates a full budget.
     *
     * @param config the settings
     * @param clock  source of time for the refill and the per-minute and per-hour caps
     */
    public RetryBudget(RetryBudgetConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        long now = clock.nanoTime();
        this.balance = new AtomicLong(config.burstCapacity() * SCALE);
        this.lastRefillNanos = new AtomicLong(now);
        this.perMinute = new SlidingCounter(60, SECOND_NANOS, now);
        this.perHour = new SlidingCounter(60, MINUTE_NANOS, now);
    }

    /** Records a call, which earns {@code ratio} tokens. Hot path: one striped increment, no clock read. */
    public void onCall() {
        if (config.enabled()) {
            unsettledCalls.increment();
        }
    }

    /**
     * Withdraws one token for a retry.
     *
     * @return true when the retry may go ahead; false (counted in {@link #rejected()}) when the balance holds less
     *         than one token or a per-minute or per-hour cap is reached; always true when disabled
     */
    public boolean tryAcquireRetry() {
        RetryBudgetConfig current = config;
        if (!current.enabled()) {
            return true;
        }
        long now = clock.nanoTime();
        long minuteReservation = perMinute.tryReserve(now, current.maxRetriesPerMinute());
        if (minuteReservation < 0) {
            return reject();
        }
        long hourReservation = perHour.tryReserve(now, current.maxRetriesPerHour());
        if (hourReservation < 0) {
            perMinute.cancel(minuteReservation);
            return reject();
        }
        settle(current, now);
        if (withdrawOne()) {
            grantedRetries.increment();
            return true;
        }
        perMinute.cancel(minuteReservation);
        perHour.cancel(hourReservation);
        return reject();
    }

    private boolean reject() {
        rejectedRetries.increment();
        return false;
    }

    private boolean withdrawOne() {
        while (true) {
            long tokens = balance.get();
            if (tokens < SCALE) {
                return false;
            }
            if (balance.compareAndSet(tokens, tokens - SCALE)) {
                return true;
            }
        }
    }

    /**
     * Gives back a retry granted by {@link #tryAcquireRetry()} that did not run because another gate refused it: the
     * token returns to the balance and the per-minute and per-hour caps forget it.
     */
    public void refundRetry() {
        if (!config.enabled()) {
            return;
        }
        long now = clock.nanoTime();
        perMinute.cancelAt(now);
        perHour.cancelAt(now);
        balance.addAndGet(SCALE);
        grantedRetries.decrement();
    }

    /** Moves the counted calls and the elapsed refill into the balance. */
    private void settle(RetryBudgetConfig current, long now) {
        long capacity = current.burstCapacity() * SCALE;
        long calls = unsettledCalls.sumThenReset();
        if (calls > 0) {
            settledCalls.add(calls);
        }
        double earned = calls * current.ratio() * SCALE;
        long refill = takeRefill(current, now, capacity);
        long deposit = Math.min(capacity, Math.round(earned)) + refill;
        if (deposit <= 0) {
            return;
        }
        while (true) {
            long tokens = balance.get();
            long next = Math.min(capacity, tokens + deposit);
            if (next <= tokens || balance.compareAndSet(tokens, next)) {
                return;
            }
        }
    }

    /** Claims the refill earned since the last claim by CAS on its time stamp; the winner adds it. */
    private long takeRefill(RetryBudgetConfig current, long now, long capacity) {
        double perSecond = current.minRetriesPerSecond();
        long last = lastRefillNanos.get();
        long elapsed = now - last;
        if (perSecond <= 0 || elapsed <= 0) {
            return 0;
        }
        long refill = (long) Math.min(capacity, elapsed * perSecond * SCALE / SECOND_NANOS);
        // below one millionth of a token the time is left unclaimed so that it adds up
        if (refill <= 0 || !lastRefillNanos.compareAndSet(last, now)) {
            return 0;
        }
        return refill;
    }

    /**
     * Settles the calls counted so far and hands over how many calls this instance recorded since the last drain,
     * so that a shared state store can deposit them into the other instances' budgets. Never on the call path.
     *
     * @return calls recorded here (not those applied by {@link #applyRemoteCalls(long)}); 0 when disabled
     */
    public long drainLocalCalls() {
        RetryBudgetConfig current = config;
        if (current.enabled()) {
            settle(current, clock.nanoTime());
        }
        return settledCalls.sumThenReset();
    }

    /**
     * Hands over how many retries this budget granted since the last drain, so that a shared state store can
     * withdraw them from the other instances' budgets.
     *
     * @return retries granted here (not those applied by {@link #applyRemoteWithdrawals(long)})
     */
    public long drainLocalRetries() {
        return grantedRetries.sumThenReset();
    }

    /**
     * Deposits the tokens earned by {@code calls} made on other instances, capped at the burst capacity. Does
     * nothing when disabled or when {@code calls} is not positive.
     *
     * @param calls calls recorded elsewhere since the last exchange
     */
    public void applyRemoteCalls(long calls) {
        RetryBudgetConfig current = config;
        if (!current.enabled() || calls <= 0) {
            return;
        }
        long capacity = current.burstCapacity() * SCALE;
        long deposit = Math.round(Math.min((double) capacity, calls * current.ratio() * SCALE));
        balance.accumulateAndGet(deposit, (tokens, add) -> Math.min(capacity, tokens + add));
    }

    /**
     * Withdraws the tokens of {@code retries} granted on other instances, never below zero. The per-minute and
     * per-hour caps stay local: remote retries do not count against them. Does nothing when disabled or when
     * {@code retries} is not positive.
     *
     * @param retries retries granted elsewhere since the last exchange
     */
    public void applyRemoteWithdrawals(long retries) {
        if (!config.enabled() || retries <= 0) {
            return;
        }
        long withdrawal = retries > Long.MAX_VALUE / SCALE ? Long.MAX_VALUE : retries * SCALE;
        balance.accumulateAndGet(withdrawal, (tokens, take) -> Math.max(0, tokens - take));
    }

    /**
     * Tokens available now, counting deposits and refill not settled yet; does not change the budget.
     *
     * @return tokens in {@code [0, burstCapacity]}; the burst capacity when disabled
     */
    public double remaining() {
        RetryBudgetConfig current = config;
        if (!current.enabled()) {
            return current.burstCapacity();
        }
        long capacity = current.burstCapacity() * SCALE;
        double unsettled = unsettledCalls.sum() * current.ratio() * SCALE;
        long elapsed = clock.nanoTime() - lastRefillNanos.get();
        double refill = elapsed > 0 ? elapsed * current.minRetriesPerSecond() * SCALE / SECOND_NANOS : 0;
        double tokens = Math.min(capacity, balance.get() + Math.round(unsettled) + Math.floor(refill));
        return tokens / SCALE;
    }

    /**
     * Retries refused since creation.
     *
     * @return the count
     */
    public long rejected() {
        return rejectedRetries.sum();
    }

    /**
     * Retries counted in the sliding minute ending now (those refused are not counted).
     *
     * @return the count, 0 when no per-minute cap is configured
     */
    public long retriesInLastMinute() {
        return perMinute.count(clock.nanoTime());
    }

    /**
     * Retries counted in the sliding hour ending now (those refused are not counted).
     *
     * @return the count, 0 when no per-hour cap is configured
     */
    public long retriesInLastHour() {
        return perHour.count(clock.nanoTime());
    }

    /**
     * The current settings.
     *
     * @return the configuration last given
     */
    public RetryBudgetConfig config() {
        return config;
    }

    /**
     * Swaps the configuration atomically. Calls counted so far are settled at the old ratio; the balance is kept,
     * cut down to the new burst capacity; the retries already counted keep counting against the new caps.
     *
     * @param newConfig the new settings
     */
    public void reconfigure(RetryBudgetConfig newConfig) {
        Objects.requireNonNull(newConfig, "config");
        RetryBudgetConfig previous = config;
        long now = clock.nanoTime();
        if (previous.enabled()) {
            settle(previous, now);
        }
        config = newConfig;
        lastRefillNanos.set(now);
        long capacity = newConfig.burstCapacity() * SCALE;
        balance.accumulateAndGet(capacity, Math::min);
    }

    /**
     * Returns the budget to a fresh start, as after construction: full at its burst capacity, nothing counted
     * against the per-minute and per-hour caps, no calls or rejections counted. Meant for tests that share one budget
     * between cases.
     */
    public void reset() {
        long now = clock.nanoTime();
        unsettledCalls.reset();
        rejectedRetries.reset();
        settledCalls.reset();
        grantedRetries.reset();
        perMinute.clear();
        perHour.clear();
        lastRefillNanos.set(now);
        balance.set(config.burstCapacity() * SCALE);
    }
}
