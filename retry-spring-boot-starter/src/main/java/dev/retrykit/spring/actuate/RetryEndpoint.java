package dev.retrykit.spring.actuate;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitBreaker;
import dev.retrykit.core.breaker.CircuitBreakerMetrics;
import dev.retrykit.core.breaker.OpenPeriod;
import dev.retrykit.core.breaker.StateTransition;
import dev.retrykit.core.budget.RetryBudget;
import dev.retrykit.core.event.RetryEvent;
import dev.retrykit.core.stats.ServiceStatistics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code retry} actuator endpoint.
 *
 * <ul>
 *   <li>{@code GET /actuator/retry}: every service of the registry (configured ones and those first used through an
 *       annotation) with its summary, and the global retry limit, budget and store;</li>
 *   <li>{@code GET /actuator/retry/{service}}: one summary plus the most recent events and, apart from them, the
 *       most recent breaker transitions, both newest first;</li>
 *   <li>{@code POST /actuator/retry/{service}}: a JSON body with {@code circuitState} and/or {@code maxAttempts},
 *       {@code baseDelay}, {@code maxDelay}, {@code strategy}, {@code multiplier}, {@code jitter}. The whole body is
 *       validated first: any invalid field answers 400 and nothing changes; an unknown service answers 404.</li>
 * </ul>
 *
 * <p>Read-only by default: the write operation exists only with {@code management.endpoint.retry.access=unrestricted}.
 * Spring Security, when present, applies to these paths like to any other request.
 *
 * <p>Thread-safe. Writes are serialised by one lock so that two concurrent changes of the same service cannot
 * lose one another; reads take no lock and see each change as soon as it was applied.
 */
@Endpoint(id = "retry", defaultAccess = Access.READ_ONLY)
public class RetryEndpoint {

    /** The most events {@code GET /actuator/retry/{service}} returns. */
    public static final int MAX_EVENTS = 50;

    private final ServiceRegistry registry;
    private final RetryStoreStatus store;
    private final Object writeLock = new Object();

    /**
     * Creates the endpoint.
     *
     * @param registry the services to show and change
     * @param store    the status of the shared-state store
     */
    public RetryEndpoint(ServiceRegistry registry, RetryStoreStatus store) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Every service, in name order, and the global state.
     *
     * @return the descriptor of {@code GET /actuator/retry}
     */
    @ReadOperation
    public RetryDescriptor retry() {
        Map<String, ServiceSummary> services = new LinkedHashMap<>();
        for (GuardedService service : registry.services()) {
            services.put(service.name(), summaryOf(service));
        }
        GlobalSummary global = new GlobalSummary(registry.globalRetryLimit().maxConcurrentRetries(),
                registry.globalRetryLimit().inFlight(), budgetOf(registry.globalBudget()),
                new StoreSummary(store.type(), store.reachable()));
        return new RetryDescriptor(services, global);
    }

    /**
     * One service's summary and recent events.
     *
     * @param service the service name
     * @return the descriptor, or {@code null} (404) when no such service exists
     */
    @ReadOperation
    public @Nullable ServiceDetails service(@Selector String service) {
        GuardedService guarded = registry.find(service);
        return guarded == null ? null : detailsOf(guarded);
    }

    /**
     * Changes a service at runtime. Every field is optional, but at least one must be sent.
     *
     * @param service      the service name
     * @param circuitState FORCED_OPEN, CLOSED or DISABLED
     * @param maxAttempts  attempts including the first; wins over annotation attributes from now on
     * @param baseDelay    ISO-8601 ({@code PT0.5S}) or {@code application.yml} form ({@code 500ms})
     * @param maxDelay     same forms as {@code baseDelay}
     * @param strategy     a strategy name, e.g. {@code exponential-jitter}
     * @param multiplier   growth factor of exponential strategies, at least 1
     * @param jitter       relative spread of the jitter strategies, between 0 and 1
     * @return 200 with the service's details after the change, 400 with every problem, or 404
     */
    @WriteOperation
    public WebEndpointResponse<Object> update(@Selector String service, @Nullable String circuitState,
                                              @Nullable String maxAttempts, @Nullable String baseDelay,
                                              @Nullable String maxDelay, @Nullable String strategy,
                                              @Nullable String multiplier, @Nullable String jitter) {
        GuardedService guarded = registry.find(service);
        if (guarded == null) {
            return new WebEndpointResponse<>(new UpdateRejection(service,
                    List.of("no service named '" + service + "'; see GET /actuator/retry for the services")),
                    WebEndpointResponse.STATUS_NOT_FOUND);
        }
        ServiceUpdate.Request request = new ServiceUpdate.Request(circuitState, maxAttempts, baseDelay, maxDelay,
                strategy, multiplier, jitter);
        synchronized (writeLock) {
            ServiceUpdate update = ServiceUpdate.validate(request, guarded.policy(), registry.strategies());
            if (!update.problems().isEmpty()) {
                return new WebEndpointResponse<>(new UpdateRejection(service, update.problems()),
                        WebEndpointResponse.STATUS_BAD_REQUEST);
            }
            update.applyTo(guarded);
        }
        return new WebEndpointResponse<>(detailsOf(guarded), WebEndpointResponse.STATUS_OK);
    }

    private ServiceDetails detailsOf(GuardedService service) {
        List<RetryEvent> recent = service.recentEvents().newestFirst();
        List<EventDescriptor> events = new ArrayList<>(Math.min(recent.size(), MAX_EVENTS));
        for (RetryEvent event : recent) {
            if (events.size() == MAX_EVENTS) {
                break;
            }
            events.add(EventDescriptor.of(event));
        }
        List<TransitionDescriptor> transitions = new ArrayList<>();
        for (StateTransition transition : service.circuitBreaker().recentTransitions()) {
            transitions.add(TransitionDescriptor.of(transition));
        }
        return ServiceDetails.of(summaryOf(service), events, transitions);
    }

    /** A snapshot of one service; its parts are read one after the other, not under one lock. */
    static ServiceSummary summaryOf(GuardedService service) {
        ServicePolicy policy = service.policy();
        ServiceStatistics stats = service.statistics();
        ServiceHealth health = ServiceHealth.of(service);
        return new ServiceSummary(policy.template(), policy.strategy(), policy.maxAttempts(),
                iso(policy.backoff().baseDelay()), iso(policy.backoff().maxDelay()),
                CircuitBreakerSummary.of(service.circuitBreaker()),
                budgetOf(service.budget()),
                BulkheadSummary.of(service.bulkhead()),
                StatisticsSummary.of(stats),
                new HealthSummary(health.score(), health.status().name()));
    }

    private static BudgetSummary budgetOf(RetryBudget budget) {
        return new BudgetSummary(budget.config().enabled(), (long) Math.floor(budget.remaining()),
                budget.config().ratio(), budget.rejected());
    }

    private static String iso(Duration duration) {
        return duration.toString();
    }

    /**
     * The answer of {@code GET /actuator/retry}.
     *
     * @param services every service by name, in name order
     * @param global   the limits shared by all services
     */
    public record RetryDescriptor(Map<String, ServiceSummary> services, GlobalSummary global) {
    }

    /**
     * The limits and state shared by all services.
     *
     * @param maxConcurrentRetries retries allowed in flight at once
     * @param concurrentRetries    retries in flight now
     * @param budget               the global retry budget
     * @param store                where shared state is kept
     */
    public record GlobalSummary(int maxConcurrentRetries, int concurrentRetries, BudgetSummary budget,
                                StoreSummary store) {
    }

    /**
     * The shared-state store.
     *
     * @param type      {@code memory} or {@code redis}
     * @param reachable whether it answers
     */
    public record StoreSummary(String type, boolean reachable) {
    }

    /**
     * One service.
     *
     * @param template       the template the policy came from, as in {@code application.yml}
     * @param strategy       the backoff strategy, as in {@code application.yml}
     * @param maxAttempts    attempts including the first
     * @param baseDelay      ISO-8601 duration
     * @param maxDelay       ISO-8601 duration
     * @param circuitBreaker the breaker's state and window
     * @param budget         the service's retry budget
     * @param bulkhead       the bulkhead's capacity
     * @param stats          call counters since start
     * @param health         the {@link ServiceHealth} score and status
     */
    public record ServiceSummary(String template, String strategy, int maxAttempts, String baseDelay, String maxDelay,
                                 CircuitBreakerSummary circuitBreaker, BudgetSummary budget, BulkheadSummary bulkhead,
                                 StatisticsSummary stats, HealthSummary health) {
    }

    /**
     * One service with its recent events: {@link ServiceSummary}'s fields plus {@code events}.
     *
     * @param template       see {@link ServiceSummary}
     * @param strategy       see {@link ServiceSummary}
     * @param maxAttempts    see {@link ServiceSummary}
     * @param baseDelay      see {@link ServiceSummary}
     * @param maxDelay       see {@link ServiceSummary}
     * @param circuitBreaker see {@link ServiceSummary}
     * @param budget         see {@link ServiceSummary}
     * @param bulkhead       see {@link ServiceSummary}
     * @param stats          see {@link ServiceSummary}
     * @param health         see {@link ServiceSummary}
     * @param events         the most recent events, newest first, at most {@link #MAX_EVENTS}
     * @param transitions    the most recent breaker state changes, newest first, at most
     *                       {@link CircuitBreaker#MAX_RECENT_TRANSITIONS}: kept apart from {@code events}, so that a
     *                       flood of rejections never hides when the breaker opened
     */
    public record ServiceDetails(String template, String strategy, int maxAttempts, String baseDelay, String maxDelay,
                                 CircuitBreakerSummary circuitBreaker, BudgetSummary budget, BulkheadSummary bulkhead,
                                 StatisticsSummary stats, HealthSummary health, List<EventDescriptor> events,
                                 List<TransitionDescriptor> transitions) {

        static ServiceDetails of(ServiceSummary summary, List<EventDescriptor> events,
                                 List<TransitionDescriptor> transitions) {
            return new ServiceDetails(summary.template(), summary.strategy(), summary.maxAttempts(),
                    summary.baseDelay(), summary.maxDelay(), summary.circuitBreaker(), summary.budget(),
                    summary.bulkhead(), summary.stats(), summary.health(), List.copyOf(events),
                    List.copyOf(transitions));
        }
    }

    /**
     * One breaker state change.
     *
     * @param from the state left, e.g. {@code CLOSED}
     * @param to   the state entered, e.g. {@code OPEN}
     * @param at   when the new state began, ISO-8601 instant
     */
    public record TransitionDescriptor(String from, String to, String at) {

        static TransitionDescriptor of(StateTransition transition) {
            return new TransitionDescriptor(transition.from().name(), transition.to().name(),
                    Instant.ofEpochMilli(transition.epochMillis()).toString());
        }
    }

    /**
     * A circuit breaker.
     *
     * @param state             CLOSED, OPEN, HALF_OPEN, FORCED_OPEN or DISABLED
     * @param failureRate       failed over buffered calls, 0..1 (0 when nothing is buffered)
     * @param slowCallRate      slow over buffered calls, 0..1
     * @param bufferedCalls     calls in the sliding window
     * @param failedCalls       failed calls in the sliding window
     * @param notPermittedCalls calls refused since start
     * @param openedAt          when the breaker opened, ISO-8601 instant; {@code null} when not OPEN
     * @param nextTrialAt       when the wait in open ends and the next call becomes a trial, ISO-8601 instant (in the
     *                          past when no call came since); {@code null} when not OPEN
     */
    public record CircuitBreakerSummary(String state, double failureRate, double slowCallRate, int bufferedCalls,
                                        int failedCalls, long notPermittedCalls, @Nullable String openedAt,
                                        @Nullable String nextTrialAt) {

        static CircuitBreakerSummary of(CircuitBreaker breaker) {
            CircuitBreakerMetrics metrics = breaker.metrics();
            OpenPeriod open = breaker.openPeriod().orElse(null);
            // an OPEN state comes from the same read as its period, so openedAt never stands beside another state
            String state = open == null ? breaker.state().name() : "OPEN";
            return new CircuitBreakerSummary(state, metrics.failureRate(), metrics.slowCallRate(),
                    metrics.bufferedCalls(), metrics.failedCalls(), metrics.notPermittedCalls(),
                    open == null ? null : Instant.ofEpochMilli(open.openedAtMillis()).toString(),
                    open == null ? null : Instant.ofEpochMilli(open.nextTrialAtMillis()).toString());
        }
    }

    /**
     * A retry budget.
     *
     * @param enabled   whether it limits retries
     * @param remaining whole retries it would allow now
     * @param ratio     retries earned per call, 0..1
     * @param rejected  retries refused since start
     */
    public record BudgetSummary(boolean enabled, long remaining, double ratio, long rejected) {
    }

    /**
     * A bulkhead; both fields are {@code null} when the service has none (a bulkhead applies only where configured).
     *
     * @param maxConcurrentCalls attempts allowed to run at once, or {@code null}
     * @param availableCalls     attempts that could start now, or {@code null}
     */
    public record BulkheadSummary(Integer maxConcurrentCalls, Integer availableCalls) {

        static BulkheadSummary of(dev.retrykit.core.bulkhead.Bulkhead bulkhead) {
            int max = bulkhead.config().maxConcurrentCalls();
            return max == dev.retrykit.core.bulkhead.BulkheadConfig.UNLIMITED
                    ? new BulkheadSummary(null, null) : new BulkheadSummary(max, bulkhead.availableCalls());
        }
    }

    /**
     * Call counters since start, each with one meaning (see {@code docs/operations.md}, "Statistics"). Every call has
     * exactly one outcome, so {@code successes + failures + fallbacks + rejected} plus the cancelled calls is
     * {@code calls}.
     *
     * @param calls           finished calls, whatever their outcome
     * @param successes       calls that returned the method's own value ({@code success}, {@code success_after_retry})
     * @param failures        calls that ended with the method's error ({@code failure}, {@code exhausted},
     *                        {@code budget_exhausted})
     * @param retries         attempts after the first
     * @param fallbacks       calls served by a fallback or the stale cache
     * @param rejected        calls refused before the method ran, without fallback
     * @param successRate     successes over all calls, 0..1; {@code null} before the first call
     * @param fallbackRate    fallbacks over all calls, 0..1; {@code null} before the first call
     * @param averageAttempts attempts per call that made an attempt (0 while none did)
     */
    public record StatisticsSummary(long calls, long successes, long failures, long retries, long fallbacks,
                                    long rejected, @Nullable Double successRate, @Nullable Double fallbackRate,
                                    double averageAttempts) {

        static StatisticsSummary of(ServiceStatistics stats) {
            return new StatisticsSummary(stats.calls(), stats.successes(), stats.failures(), stats.retries(),
                    stats.count(Outcome.FALLBACK), stats.count(Outcome.REJECTED), orNull(stats.successRate()),
                    orNull(stats.fallbackRate()), stats.averageAttempts());
        }

        private static @Nullable Double orNull(double rate) {
            return Double.isNaN(rate) ? null : rate;
        }
    }

    /**
     * The health of a service, see {@link ServiceHealth}.
     *
     * @param score  0..1
     * @param status HEALTHY, DEGRADED or UNHEALTHY
     */
    public record HealthSummary(double score, String status) {
    }

    /**
     * One recent event.
     *
     * @param type      RETRY_SCHEDULED, EXHAUSTED, NON_RETRYABLE, REJECTED, FALLBACK, STATE_TRANSITION, RECOVERED
     *                  or RECONFIGURED
     * @param time      ISO-8601 instant
     * @param attempt   the attempt it is about, 0 when none
     * @param delay     the scheduled delay of a retry as ISO-8601 duration, {@code PT0S} otherwise
     * @param errorType class name of the failure, or {@code null}
     * @param message   short description (at most 200 characters), or {@code null}
     */
    public record EventDescriptor(String type, String time, int attempt, String delay, @Nullable String errorType,
                                  @Nullable String message) {

        static EventDescriptor of(RetryEvent event) {
            return new EventDescriptor(event.type().name(), Instant.ofEpochMilli(event.epochMillis()).toString(),
                    event.attempt(), iso(Duration.ofMillis(event.delayMillis())), event.errorType(), event.message());
        }
    }

    /**
     * The answer to a refused change.
     *
     * @param service  the service named in the path
     * @param problems what was wrong, one entry per field, with the value and what is allowed
     */
    public record UpdateRejection(String service, List<String> problems) {
    }
}
