package dev.retrykit.spring.testsupport;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.breaker.CircuitBreakerMetrics;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.event.RetryEvent;
import dev.retrykit.core.stats.ServiceStatistics;
import dev.retrykit.spring.metrics.RetryMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * TEST-ONLY stand-in for the {@code retry} actuator endpoint (PRODUCT.md §4), written while the real endpoint is
 * built on another branch: it serves {@code GET /actuator/retry}, {@code GET /actuator/retry/{service}} and
 * {@code POST /actuator/retry/{service}} with {@code {"circuitState": ...}} in the same JSON shape, from the
 * {@link ServiceRegistry}, so that the dashboard's browser test runs now. Replace it with the real endpoint once
 * both branches are merged.
 */
@RestController
@RequestMapping("/actuator/retry")
public class TestRetryEndpointStub {

    private static final Set<String> SETTABLE_STATES = Set.of("FORCED_OPEN", "CLOSED", "DISABLED");

    private final ServiceRegistry registry;

    public TestRetryEndpointStub(ServiceRegistry registry) {
        this.registry = registry;
    }

    @GetMapping
    public Map<String, Object> all() {
        Map<String, Object> services = new LinkedHashMap<>();
        for (GuardedService service : registry.services()) {
            services.put(service.name(), summary(service));
        }
        Map<String, Object> global = new LinkedHashMap<>();
        global.put("maxConcurrentRetries", registry.globalRetryLimit().maxConcurrentRetries());
        global.put("concurrentRetries", registry.globalRetryLimit().inFlight());
        global.put("budget", Map.of("remaining", registry.globalBudget().remaining(), "rejected", registry.globalBudget().rejected()));
        global.put("store", Map.of("type", "memory", "reachable", true));
        return Map.of("services", services, "global", global);
    }

    @GetMapping("/{service}")
    public ResponseEntity<Map<String, Object>> one(@PathVariable String service) {
        GuardedService found = registry.find(service);
        if (found == null) {
            return ResponseEntity.notFound().build();
        }
        Map<String, Object> body = summary(found);
        List<Map<String, Object>> events = new ArrayList<>();
        for (RetryEvent event : found.recentEvents().newestFirst()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", event.type().name());
            json.put("epochMillis", event.epochMillis());
            json.put("attempt", event.attempt());
            json.put("delayMillis", event.delayMillis());
            json.put("errorType", event.errorType());
            json.put("message", event.message());
            events.add(json);
        }
        body.put("events", events);
        return ResponseEntity.ok(body);
    }

    @PostMapping("/{service}")
    public ResponseEntity<Map<String, Object>> update(@PathVariable String service, @RequestBody Map<String, Object> body) {
        GuardedService found = registry.find(service);
        if (found == null) {
            return ResponseEntity.notFound().build();
        }
        Object state = body.get("circuitState");
        if (!(state instanceof String name) || !SETTABLE_STATES.contains(name)) {
            return ResponseEntity.badRequest().build();
        }
        found.circuitBreaker().transitionTo(CircuitState.valueOf(name));
        found.recordReconfiguration("circuitState=" + name);
        return ResponseEntity.ok(summary(found));
    }

    private static Map<String, Object> summary(GuardedService service) {
        ServicePolicy policy = service.policy();
        CircuitBreakerMetrics breaker = service.circuitBreaker().metrics();
        ServiceStatistics stats = service.statistics();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("template", policy.template());
        summary.put("strategy", policy.strategy());
        summary.put("maxAttempts", policy.maxAttempts());
        summary.put("baseDelay", policy.backoff().baseDelay().toString());
        summary.put("maxDelay", policy.backoff().maxDelay().toString());
        summary.put("circuitBreaker", Map.of("state", service.circuitBreaker().state().name(),
                "failureRate", breaker.failureRate(), "slowCallRate", breaker.slowCallRate(),
                "bufferedCalls", breaker.bufferedCalls(), "failedCalls", breaker.failedCalls(),
                "notPermittedCalls", breaker.notPermittedCalls()));
        summary.put("budget", Map.of("enabled", policy.budget().enabled(), "remaining", service.budget().remaining(),
                "ratio", policy.budget().ratio(), "rejected", service.budget().rejected()));
        summary.put("bulkhead", Map.of("maxConcurrentCalls", policy.bulkhead().maxConcurrentCalls(),
                "availableCalls", service.bulkhead().availableCalls()));
        Map<String, Object> statistics = new LinkedHashMap<>();
        statistics.put("calls", stats.calls());
        statistics.put("successes", stats.successes());
        statistics.put("failures", stats.failures());
        statistics.put("retries", stats.retries());
        statistics.put("fallbacks", stats.count(dev.retrykit.core.Outcome.FALLBACK));
        statistics.put("rejected", stats.count(dev.retrykit.core.Outcome.REJECTED));
        statistics.put("successRate", stats.successRate());
        statistics.put("averageAttempts", stats.averageAttempts());
        summary.put("stats", statistics);
        double score = RetryMetrics.healthScore(service);
        summary.put("health", Map.of("score", score, "status", score >= 0.9 ? "UP" : score >= 0.5 ? "DEGRADED" : "DOWN"));
        return summary;
    }
}
