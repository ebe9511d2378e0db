package dev.retrykit.spring.web.dashboard;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.history.HistoryRecorder;
import dev.retrykit.core.history.HistorySample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The dashboard's history as read-only JSON at {@code <dashboard path>/history}: per service, the samples of the
 * {@link HistoryRecorder}, oldest first, in columns (one array per series, all of the same length) so that a chart
 * takes a series as it is. {@code ?since=<epoch millis>} returns only the samples taken after that time, so the page
 * fetches each sample once.
 *
 * <p>Shape: {@code {"intervalMillis", "retentionMillis", "now" (epoch millis), "services": {NAME: {"at": [epoch
 * millis], "calls": {OUTCOME: [count]}, "attempts", "failedAttempts", "retries": [count], "attemptFailureRate":
 * [0..1 or null], "p95Millis": [ms or null], "budgetRemaining": [retries or null], "bulkheadAvailable": [calls or
 * null], "bulkheadMax": calls or null, "state", "worstState": [breaker state]}}}}, outcomes named as the
 * {@code outcome} tag of {@code retry.calls}. Counts are per interval; {@code worstState} is the most severe breaker
 * state of the interval.
 *
 * <p>Immutable and thread-safe.
 */
public final class RetryDashboardHistory {

    private static final Outcome[] OUTCOMES = Outcome.values();

    private final String path;
    private final ServiceRegistry registry;
    private final HistoryRecorder recorder;

    /**
     * @param path     where the history is served, e.g. {@code /retry-dashboard/history}
     * @param registry the services to show
     * @param recorder their samples
     */
    public RetryDashboardHistory(String path, ServiceRegistry registry, HistoryRecorder recorder) {
        this.path = Objects.requireNonNull(path, "path");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }

    /** Routes {@code GET} of the history's path to {@link #history(long)}. */
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route().GET(path, this::handle).build();
    }

    private ServerResponse handle(ServerRequest request) {
        long since;
        try {
            since = request.param("since").map(Long::parseLong).orElse(Long.MIN_VALUE);
        } catch (NumberFormatException ex) {
            return ServerResponse.badRequest().contentType(MediaType.TEXT_PLAIN)
                    .body("since: '" + request.param("since").orElse("") + "' is not epoch milliseconds");
        }
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noStore())
                .body(history(since));
    }

    /**
     * The samples of every service of the registry taken after {@code sinceEpochMillis}, in name order.
     *
     * @param sinceEpochMillis only samples taken later are returned; {@link Long#MIN_VALUE} for all
     * @return the JSON document as maps and lists
     */
    public Map<String, Object> history(long sinceEpochMillis) {
        Map<String, Object> services = new LinkedHashMap<>();
        List<GuardedService> sorted = new ArrayList<>(registry.services());
        sorted.sort((a, b) -> a.name().compareTo(b.name()));
        for (GuardedService service : sorted) {
            services.put(service.name(), columns(service, recorder.samples(service.name()), sinceEpochMillis));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("intervalMillis", recorder.config().interval().toMillis());
        document.put("retentionMillis", recorder.config().retention().toMillis());
        document.put("now", registry.clock().currentTimeMillis());
        document.put("services", services);
        return document;
    }

    private static Map<String, Object> columns(GuardedService service, List<HistorySample> all, long since) {
        List<HistorySample> samples = new ArrayList<>(all.size());
        for (HistorySample sample : all) {
            if (sample.epochMillis() > since) {
                samples.add(sample);
            }
        }
        int size = samples.size();
        List<Long> at = new ArrayList<>(size);
        List<List<Long>> byOutcome = new ArrayList<>(OUTCOMES.length);
        for (int i = 0; i < OUTCOMES.length; i++) {
            byOutcome.add(new ArrayList<>(size));
        }
        List<Long> attempts = new ArrayList<>(size);
        List<Long> failedAttempts = new ArrayList<>(size);
        List<Long> retries = new ArrayList<>(size);
        List<Double> failureRate = new ArrayList<>(size);
        List<Double> p95 = new ArrayList<>(size);
        List<Double> budget = new ArrayList<>(size);
        List<Integer> bulkhead = new ArrayList<>(size);
        List<String> state = new ArrayList<>(size);
        List<String> worstState = new ArrayList<>(size);
        for (HistorySample sample : samples) {
            at.add(sample.epochMillis());
            for (Outcome outcome : OUTCOMES) {
                byOutcome.get(outcome.ordinal()).add(sample.count(outcome));
            }
            attempts.add(sample.attempts());
            failedAttempts.add(sample.failedAttempts());
            retries.add(sample.retries());
            double rate = sample.attemptFailureRate();
            failureRate.add(Double.isNaN(rate) ? null : rate);
            p95.add(sample.p95Nanos() < 0 ? null : sample.p95Nanos() / 1_000_000.0);
            budget.add(Double.isNaN(sample.budgetRemaining()) ? null : sample.budgetRemaining());
            bulkhead.add(sample.bulkheadAvailable() < 0 ? null : sample.bulkheadAvailable());
            state.add(sample.state().name());
            worstState.add(sample.worstState().name());
        }
        Map<String, Object> calls = new LinkedHashMap<>();
        for (Outcome outcome : OUTCOMES) {
            calls.put(outcome.tagValue(), byOutcome.get(outcome.ordinal()));
        }
        int maxConcurrent = service.bulkhead().config().maxConcurrentCalls();
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("at", at);
        columns.put("calls", calls);
        columns.put("attempts", attempts);
        columns.put("failedAttempts", failedAttempts);
        columns.put("retries", retries);
        columns.put("attemptFailureRate", failureRate);
        columns.put("p95Millis", p95);
        columns.put("budgetRemaining", budget);
        columns.put("bulkheadAvailable", bulkhead);
        columns.put("bulkheadMax",
                maxConcurrent == dev.retrykit.core.bulkhead.BulkheadConfig.UNLIMITED ? null : maxConcurrent);
        columns.put("state", state);
        columns.put("worstState", worstState);
        return columns;
    }
}
