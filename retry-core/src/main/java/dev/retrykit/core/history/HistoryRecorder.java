package dev.retrykit.core.history;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.event.RetryEventListener;
import dev.retrykit.core.time.Clock;
import dev.retrykit.core.time.Scheduler;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recent history of every service, for charts. As a {@link RetryEventListener} (register it with the
 * {@link ServiceRegistry}) it counts calls by outcome, attempts, failed attempts, retries and call latencies; once
 * {@link #start started}, it takes one {@link HistorySample} of every service of the registry per
 * {@link HistoryConfig#interval() interval}, on the registry's {@link Clock} and a {@link Scheduler}, whether or not
 * anybody reads them. Each service keeps at most {@link HistoryConfig#capacity()} samples, the oldest dropped first.
 *
 * <p>Thread-safe. The listener methods are lock-free and allocation-free once a service has been seen; sampling runs
 * on the scheduler, one sample at a time; {@link #samples(String)} copies under a short lock.
 */
public final class HistoryRecorder implements RetryEventListener, AutoCloseable {

    private final HistoryConfig config;
    private final ConcurrentHashMap<String, ServiceHistory> services = new ConcurrentHashMap<>();
    private final Object scheduling = new Object();

    // guarded by scheduling
    private ServiceRegistry registry;
    private Scheduler scheduler;
    private Scheduler.Cancellable next;
    private long nextDueNanos;
    private boolean closed;

    /**
     * Creates a recorder that samples nothing until {@link #start}.
     *
     * @param config the sampling interval and the retention
     */
    public HistoryRecorder(HistoryConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The sampling interval and the retention. */
    public HistoryConfig config() {
        return config;
    }

    /**
     * Starts sampling every service of {@code registry} once per interval, the first sample one interval from now.
     * The samples are dated on the registry's clock; a sample that comes late (a busy scheduler) still covers
     * everything since the previous one, and missed intervals are skipped rather than caught up.
     *
     * @param registry  the services to sample, and the clock
     * @param scheduler runs the sampling
     * @throws IllegalStateException when already started or closed
     */
    public void start(ServiceRegistry registry, Scheduler scheduler) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(scheduler, "scheduler");
        synchronized (scheduling) {
            if (this.registry != null || closed) {
                throw new IllegalStateException(closed ? "history recorder closed" : "history recorder already started");
            }
            this.registry = registry;
            this.scheduler = scheduler;
            nextDueNanos = registry.clock().nanoTime() + config.interval().toNanos();
            next = scheduler.schedule(this::sampleAndReschedule, config.interval().toNanos());
        }
    }

    private void sampleAndReschedule() {
        ServiceRegistry sampled;
        synchronized (scheduling) {
            if (closed) {
                return;
            }
            sampled = registry;
        }
        sample(sampled);
        synchronized (scheduling) {
            if (closed) {
                return;
            }
            Clock clock = registry.clock();
            long interval = config.interval().toNanos();
            long now = clock.nanoTime();
            nextDueNanos += interval;
            if (nextDueNanos <= now) {
                // missed intervals are skipped: the next sample covers them
                nextDueNanos = now + interval - Math.floorMod(now - nextDueNanos, interval);
            }
            next = scheduler.schedule(this::sampleAndReschedule, nextDueNanos - now);
        }
    }

    /**
     * Takes one sample of every service of {@code registry} now, as the scheduled sampling does. Called by the
     * sampling itself; call it directly only while the recorder is not started.
     *
     * @param registry the services to sample, and the clock that dates the samples
     */
    public void sample(ServiceRegistry registry) {
        long epochMillis = registry.clock().currentTimeMillis();
        for (GuardedService service : registry.services()) {
            historyOf(service.name()).sample(service, epochMillis);
        }
    }

    /**
     * The kept samples of {@code service}, oldest first.
     *
     * @param service a service name
     * @return a new list, empty when the service was never sampled
     */
    public List<HistorySample> samples(String service) {
        ServiceHistory history = services.get(service);
        return history == null ? List.of() : history.samples();
    }

    /** Stops the sampling; the samples taken stay readable. Idempotent. */
    @Override
    public void close() {
        synchronized (scheduling) {
            closed = true;
            if (next != null) {
                next.cancel();
            }
        }
    }

    @Override
    public void onCallFinished(String service, Outcome outcome, int attempts, long durationNanos) {
        historyOf(service).recordCall(outcome, attempts, durationNanos);
    }

    @Override
    public void onAttemptStarted(String service, int attempt) {
        historyOf(service).recordAttemptStarted(attempt);
    }

    @Override
    public void onAttemptFailed(String service, int attempt, long durationNanos, Throwable error) {
        historyOf(service).recordAttemptFailed();
    }

    @Override
    public void onStateTransition(String service, CircuitState from, CircuitState to) {
        historyOf(service).recordTransition(to);
    }

    private ServiceHistory historyOf(String service) {
        ServiceHistory history = services.get(service);
        if (history == null) {
            int capacity = config.capacity();
            history = services.computeIfAbsent(service, name -> new ServiceHistory(capacity));
        }
        return history;
    }
}
