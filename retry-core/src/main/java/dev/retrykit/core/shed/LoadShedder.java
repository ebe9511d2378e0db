package dev.retrykit.core.shed;

import dev.retrykit.annotation.Priority;
import dev.retrykit.core.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Drops calls to a service, least important first, when it is overloaded, so that the calls kept still finish in
 * time.
 *
 * <p>Overload is judged by two signals. The adaptive concurrency limit (a {@link ConcurrencyLimit}, by default a
 * {@link GradientLimit}, fed by {@link #onComplete(long, boolean)}) sets how many calls may be in flight, scaled by
 * priority: {@link Priority#LOW} is admitted below 80 % of the limit, {@link Priority#NORMAL} below the limit and
 * {@link Priority#HIGH} below 120 % of it. The CPU threshold sheds every non-critical call while the system's CPU
 * load is above it; the load is read from a {@link CpuLoad} at most once per 100 ms of the injected {@link Clock}.
 * {@link Priority#CRITICAL} is never shed. A disabled shedder admits everything and does not adapt its limit.
 *
 * <p>Thread-safety: every method is safe to call from any thread. Admission reserves its place in flight by CAS,
 * so the count never exceeds a priority's share of the limit.
 */
public final class LoadShedder {

    private static final long CPU_SAMPLE_NANOS = 100_000_000L;

    private final Clock clock;
    private final CpuLoad cpuLoad;
    private final ConcurrencyLimit concurrencyLimit;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder shedCalls = new LongAdder();
    private final AtomicLong nextCpuSample;
    private volatile double lastCpuLoad = -1;
    private volatile LoadSheddingConfig config;

    /**
     * Creates a shedder on the system's CPU load and a default {@link GradientLimit}.
     *
     * @param config the settings
     * @param clock  source of time for CPU sampling
     */
    public LoadShedder(LoadSheddingConfig config, Clock clock) {
        this(config, clock, CpuLoad.system(), GradientLimit.builder().build());
    }

    /**
     * Creates a shedder on the given signals.
     *
     * @param config           the settings
     * @param clock            source of time for CPU sampling
     * @param cpuLoad          the CPU reading
     * @param concurrencyLimit the adaptive limit, fed by {@link #onComplete(long, boolean)}
     */
    public LoadShedder(LoadSheddingConfig config, Clock clock, CpuLoad cpuLoad, ConcurrencyLimit concurrencyLimit) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cpuLoad = Objects.requireNonNull(cpuLoad, "cpuLoad");
        this.concurrencyLimit = Objects.requireNonNull(concurrencyLimit, "concurrencyLimit");
        this.nextCpuSample = new AtomicLong(clock.nanoTime());
    }

    /**
     * Asks to make a call of the given priority.
     *
     * @param priority the call's priority
     * @return false when the call must be shed (counted in {@link #shed()}); on true the caller must call
     *         {@link #onComplete(long, boolean)} when the call ends
     */
    public boolean tryAcquire(Priority priority) {
        Objects.requireNonNull(priority, "priority");
        LoadSheddingConfig current = config;
        if (!current.enabled() || priority == Priority.CRITICAL) {
            inFlight.incrementAndGet();
            return true;
        }
        if (cpuOverThreshold(current.cpuThreshold())) {
            shedCalls.increment();
            return false;
        }
        if (!current.adaptiveConcurrency()) {
            inFlight.incrementAndGet();
            return true;
        }
        int allowed = allowedInFlight(priority, concurrencyLimit.limit());
        while (true) {
            int calls = inFlight.get();
            if (calls >= allowed) {
                shedCalls.increment();
                return false;
            }
            if (inFlight.compareAndSet(calls, calls + 1)) {
                return true;
            }
        }
    }

    /** Calls of {@code priority} admitted while fewer than this many are in flight. */
    private static int allowedInFlight(Priority priority, int limit) {
        return switch (priority) {
            case LOW -> Math.max(1, (int) (limit * 0.8));
            case HIGH -> (int) Math.ceil(limit * 1.2);
            default -> limit;
        };
    }

    private boolean cpuOverThreshold(double threshold) {
        if (threshold >= 1.0) {
            return false;
        }
        long now = clock.nanoTime();
        long due = nextCpuSample.get();
        if (now - due >= 0 && nextCpuSample.compareAndSet(due, now + CPU_SAMPLE_NANOS)) {
            lastCpuLoad = cpuLoad.systemCpuLoad();
        }
        return lastCpuLoad > threshold;
    }

    /**
     * Feeds the adaptive limit with the round trip of one attempt of an admitted call (not its backoff sleeps or
     * bulkhead waits); the call stays in flight until {@link #release()}.
     *
     * @param rttNanos round-trip time of the attempt in nanoseconds
     * @param dropped  whether the attempt was dropped or failed because of overload (a timeout)
     */
    public void onAttemptComplete(long rttNanos, boolean dropped) {
        LoadSheddingConfig current = config;
        if (current.enabled() && current.adaptiveConcurrency()) {
            concurrencyLimit.onSample(rttNanos, inFlight.get(), dropped);
        }
    }

    /** Reports the end of an admitted call whose attempts were reported by {@link #onAttemptComplete(long, boolean)}. */
    public void release() {
        inFlight.decrementAndGet();
    }

    /**
     * Reports the end of an admitted call; feeds the adaptive limit while enabled.
     *
     * @param rttNanos round-trip time of the call in nanoseconds
     * @param dropped  whether the call was dropped or failed because of overload (a timeout, a 503)
     */
    public void onComplete(long rttNanos, boolean dropped) {
        int calls = inFlight.getAndDecrement();
        LoadSheddingConfig current = config;
        if (current.enabled() && current.adaptiveConcurrency()) {
            concurrencyLimit.onSample(rttNanos, calls, dropped);
        }
    }

    /**
     * The adaptive limit now: calls of NORMAL priority admitted in flight.
     *
     * @return the limit
     */
    public int limit() {
        return concurrencyLimit.limit();
    }

    /**
     * Admitted calls not completed yet.
     *
     * @return the count
     */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Calls shed since creation.
     *
     * @return the count
     */
    public long shed() {
        return shedCalls.sum();
    }

    /**
     * The current settings.
     *
     * @return the configuration last given
     */
    public LoadSheddingConfig config() {
        return config;
    }

    /**
     * Swaps the configuration atomically; calls in flight are still counted.
     *
     * @param newConfig the new settings
     */
    public void reconfigure(LoadSheddingConfig newConfig) {
        config = Objects.requireNonNull(newConfig, "config");
    }
}
