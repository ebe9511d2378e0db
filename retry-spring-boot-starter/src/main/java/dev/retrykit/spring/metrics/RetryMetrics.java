package dev.retrykit.spring.metrics;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.event.RetryEventListener;
import dev.retrykit.spring.actuate.ServiceHealth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Micrometer meters of every service of a {@link ServiceRegistry} (PRODUCT.md §5; Prometheus names in brackets):
 *
 * <ul>
 *   <li>{@code retry.calls} [{@code retry_calls_total}] counter, tags {@code service}, {@code outcome} (all seven
 *       {@link Outcome#tagValue()}s, registered up front);</li>
 *   <li>{@code retry.attempts} [{@code retry_attempts_total}] counter, tag {@code service};</li>
 *   <li>{@code retry.call.duration} [{@code retry_call_duration_seconds}] timer with a percentile histogram, tag
 *       {@code service};</li>
 *   <li>{@code retry.circuit.state} gauge, tags {@code service}, {@code state}: 1 for the current state, 0 for the
 *       other four;</li>
 *   <li>{@code retry.circuit.transitions} counter, tags {@code service}, {@code from}, {@code to};</li>
 *   <li>{@code retry.budget.remaining} gauge and {@code retry.budget.rejections} function counter, tag
 *       {@code service};</li>
 *   <li>{@code retry.bulkhead.available} gauge, tag {@code service};</li>
 *   <li>{@code retry.service.health} gauge, tag {@code service}: {@link #healthScore(GuardedService)};</li>
 *   <li>{@code retry.concurrent} gauge: retries in flight across all services.</li>
 * </ul>
 *
 * <p>Every meter of a service is built once, when the binder is bound (services that exist then) or at the
 * service's first event (services created later, e.g. on first use of an annotation), and kept in a per-service
 * holder; an event costs one map read and an increment, never a registry lookup. The set of meters per service is
 * fixed, so the number of meters grows only with the number of services.
 *
 * <p>{@link #bindTo(MeterRegistry)} also registers this binder's {@link RetryEventListener} with the service registry
 * through {@link ServiceRegistry#addListener(RetryEventListener)}. The listener is a separate object on purpose: a
 * {@code RetryEventListener} bean would be applied by the registry's own auto-configuration too, which needs the
 * registry this binder depends on. Bind an instance to one meter registry (a composite when there are several).
 *
 * <p>Thread-safe.
 */
public final class RetryMetrics implements MeterBinder {

    /** Name of the counter of finished calls. */
    public static final String CALLS = "retry.calls";
    /** Name of the counter of attempts. */
    public static final String ATTEMPTS = "retry.attempts";
    /** Name of the timer of whole calls, retries and waits included. */
    public static final String CALL_DURATION = "retry.call.duration";
    /** Name of the breaker state gauge. */
    public static final String CIRCUIT_STATE = "retry.circuit.state";
    /** Name of the counter of breaker transitions. */
    public static final String CIRCUIT_TRANSITIONS = "retry.circuit.transitions";
    /** Name of the gauge of retry tokens left in a service's budget. */
    public static final String BUDGET_REMAINING = "retry.budget.remaining";
    /** Name of the counter of retries a service's budget refused. */
    public static final String BUDGET_REJECTIONS = "retry.budget.rejections";
    /** Name of the gauge of free bulkhead permits. */
    public static final String BULKHEAD_AVAILABLE = "retry.bulkhead.available";
    /** Name of the gauge of retries in flight across all services. */
    public static final String CONCURRENT = "retry.concurrent";
    /** Name of the gauge of a service's health score. */
    public static final String SERVICE_HEALTH = "retry.service.health";

    private static final Outcome[] OUTCOMES = Outcome.values();
    private static final CircuitState[] STATES = CircuitState.values();
    private static final Duration MIN_EXPECTED_DURATION = Duration.ofMillis(1);
    private static final Duration MAX_EXPECTED_DURATION = Duration.ofMinutes(5);

    private final ServiceRegistry services;
    private final Tags commonTags;
    private final ConcurrentMap<String, ServiceMeters> meters = new ConcurrentHashMap<>();
    private final Listener listener = new Listener();
    private volatile MeterRegistry meterRegistry;

    /** Meters for every service of {@code services}, without extra tags. */
    public RetryMetrics(ServiceRegistry services) {
        this(services, Tags.empty());
    }

    /** Meters for every service of {@code services}, each carrying {@code commonTags} as well. */
    public RetryMetrics(ServiceRegistry services, Iterable<io.micrometer.core.instrument.Tag> commonTags) {
        this.services = Objects.requireNonNull(services, "services");
        this.commonTags = Tags.of(Objects.requireNonNull(commonTags, "commonTags"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        synchronized (this) {
            if (meterRegistry != null) {
                throw new IllegalStateException("RetryMetrics is already bound to a meter registry");
            }
            meterRegistry = registry;
        }
        Gauge.builder(CONCURRENT, services, s -> s.globalRetryLimit().inFlight())
                .tags(commonTags)
                .description("Retries in flight across all services")
                .register(registry);
        for (GuardedService service : services.services()) {
            metersOf(service.name());
        }
        services.addListener(listener);
    }

    /** Free bulkhead permits; NaN when the service has no bulkhead (none is configured). */
    private static double bulkheadAvailable(GuardedService service) {
        return service.policy().bulkhead().maxConcurrentCalls() == dev.retrykit.core.bulkhead.BulkheadConfig.UNLIMITED
                ? Double.NaN : service.bulkhead().availableCalls();
    }

    /**
     * The score {@code retry.service.health} reports, the same as the {@code health.score} of {@code /actuator/retry}
     * and the {@code retry} health contributor ({@link ServiceHealth}): the share of the calls that ended in the last
     * 30 seconds that returned the method's own value (1 when idle), halved while the breaker is HALF_OPEN and 0 while
     * it rejects every call ({@code OPEN}, {@code FORCED_OPEN}).
     *
     * @param service the service
     * @return a value in {@code [0, 1]}
     */
    public static double healthScore(GuardedService service) {
        return ServiceHealth.of(service).score();
    }

    /** The listener that feeds the event-driven meters; registered by {@link #bindTo(MeterRegistry)}. */
    RetryEventListener listener() {
        return listener;
    }

    private ServiceMeters metersOf(String service) {
        ServiceMeters existing = meters.get(service);
        return existing != null ? existing : meters.computeIfAbsent(service, this::createMeters);
    }

    private ServiceMeters createMeters(String name) {
        return new ServiceMeters(name, services.find(name), meterRegistry, commonTags);
    }

    /** The meters of one service, built once. */
    private static final class ServiceMeters {

        private final MeterRegistry registry;
        private final Tags tags;
        private final Counter[] calls = new Counter[OUTCOMES.length];
        private final Counter attempts;
        private final Timer duration;
        /** Transition counters by {@code from * states + to}, registered at the first such transition. */
        private final AtomicReferenceArray<Counter> transitions = new AtomicReferenceArray<>(STATES.length * STATES.length);

        ServiceMeters(String name, GuardedService service, MeterRegistry registry, Tags commonTags) {
            this.registry = registry;
            this.tags = commonTags.and("service", name);
            for (Outcome outcome : OUTCOMES) {
                calls[outcome.ordinal()] = Counter.builder(CALLS)
                        .tags(tags).tag("outcome", outcome.tagValue())
                        .description("Guarded calls by how they ended")
                        .register(registry);
            }
            attempts = Counter.builder(ATTEMPTS).tags(tags)
                    .description("Attempts of guarded calls, first attempts included")
                    .register(registry);
            duration = Timer.builder(CALL_DURATION).tags(tags)
                    .description("Duration of whole guarded calls, retries and waits included")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(MIN_EXPECTED_DURATION)
                    .maximumExpectedValue(MAX_EXPECTED_DURATION)
                    .register(registry);
            if (service != null) {
                registerGauges(service);
            }
        }

        private void registerGauges(GuardedService service) {
            for (CircuitState state : STATES) {
                Gauge.builder(CIRCUIT_STATE, service, s -> s.circuitBreaker().state() == state ? 1 : 0)
                        .tags(tags).tag("state", state.name())
                        .description("1 for the breaker's current state, 0 for the others")
                        .register(registry);
            }
            Gauge.builder(BUDGET_REMAINING, service, s -> s.budget().remaining())
                    .tags(tags)
                    .description("Retry tokens left in the service's budget")
                    .register(registry);
            FunctionCounter.builder(BUDGET_REJECTIONS, service, s -> s.budget().rejected())
                    .tags(tags)
                    .description("Retries refused by the service's budget")
                    .register(registry);
            Gauge.builder(BULKHEAD_AVAILABLE, service, RetryMetrics::bulkheadAvailable)
                    .tags(tags)
                    .description("Free permits of the service's bulkhead")
                    .register(registry);
            Gauge.builder(SERVICE_HEALTH, service, RetryMetrics::healthScore)
                    .tags(tags)
                    .description("Health score 0..1: share of the last 30 s of calls that returned their own value, "
                            + "halved while the breaker is half-open, 0 while it rejects calls")
                    .register(registry);
        }

        Counter transition(CircuitState from, CircuitState to) {
            int slot = from.ordinal() * STATES.length + to.ordinal();
            Counter counter = transitions.get(slot);
            if (counter == null) {
                // registering is idempotent in Micrometer, so a race only builds the same meter twice
                counter = Counter.builder(CIRCUIT_TRANSITIONS)
                        .tags(tags).tag("from", from.name()).tag("to", to.name())
                        .description("Circuit breaker state transitions")
                        .register(registry);
                transitions.set(slot, counter);
            }
            return counter;
        }
    }

    /** Turns events into meter updates; allocation-free on the success path. */
    private final class Listener implements RetryEventListener {

        /** Attempts are counted, not timed. */
        @Override
        public boolean needsAttemptDurations() {
            return false;
        }

        /** {@code retry.call.duration} times whole calls. */
        @Override
        public boolean needsCallDurations() {
            return true;
        }

        @Override
        public void onAttemptStarted(String service, int attempt) {
            metersOf(service).attempts.increment();
        }

        @Override
        public void onCallFinished(String service, Outcome outcome, int attempts, long durationNanos) {
            ServiceMeters holder = metersOf(service);
            holder.calls[outcome.ordinal()].increment();
            holder.duration.record(durationNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public void onStateTransition(String service, CircuitState from, CircuitState to) {
            metersOf(service).transition(from, to).increment();
        }
    }
}
