package dev.retrykit.sample.demo;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.Outcome;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.sample.client.CatalogClient;
import dev.retrykit.sample.upstream.UpstreamKnobs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The scenario where the retry budget, not the breaker, stops a retry storm: the catalog browns out (a share of its
 * requests fail, below the breaker's threshold), a burst of calls arrives, and each failed call would be retried up
 * to three times. Without a budget the upstream would see about {@code 1 + f + f² + f³} requests per call
 * (1.875 at half failures); the budget lets through its burst, one retry per second and a tenth of the calls, so the
 * upstream sees little more than the calls themselves. Runs one scenario at a time, bounded in calls and threads.
 */
@Component
public class RetryStormScenario {

    private static final int MAX_CALLS = 2_000;
    private static final int THREADS = 8;

    private final CatalogClient catalog;
    private final UpstreamKnobs knobs;
    private final ServiceRegistry registry;

    public RetryStormScenario(CatalogClient catalog, UpstreamKnobs knobs, ServiceRegistry registry) {
        this.catalog = catalog;
        this.knobs = knobs;
        this.registry = registry;
    }

    /**
     * Browns the catalog out at {@code failureRate}, sends {@code calls} calls from 8 threads, heals the catalog and
     * says what the upstream saw.
     */
    public synchronized Map<String, Object> run(int calls, double failureRate) throws InterruptedException {
        int total = Math.max(1, Math.min(MAX_CALLS, calls));
        GuardedService service = registry.find("catalog");
        long requestsBefore = knobs.catalogRequests();
        long rejectedBefore = service.budget().rejected();
        long exhaustedBefore = service.statistics().count(Outcome.BUDGET_EXHAUSTED);
        long retriesBefore = service.statistics().retries();
        knobs.updateCatalog(failureRate);
        ExecutorService callers = Executors.newFixedThreadPool(THREADS);
        int failed = 0;
        try {
            List<Future<?>> results = new ArrayList<>(total);
            for (int i = 0; i < total; i++) {
                String sku = "SKU-" + (i % 50);
                results.add(callers.submit(() -> catalog.item(sku)));
            }
            for (Future<?> result : results) {
                try {
                    result.get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    failed++;
                }
            }
        } finally {
            callers.shutdownNow();
            knobs.updateCatalog(0);
        }
        long upstreamRequests = knobs.catalogRequests() - requestsBefore;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("calls", total);
        report.put("failedCalls", failed);
        report.put("upstreamRequests", upstreamRequests);
        report.put("amplification", Math.round(upstreamRequests * 1000.0 / total) / 1000.0);
        report.put("amplificationWithoutBudget",
                Math.round((1 + failureRate + failureRate * failureRate + Math.pow(failureRate, 3)) * 1000) / 1000.0);
        report.put("retries", service.statistics().retries() - retriesBefore);
        report.put("budgetRejections", service.budget().rejected() - rejectedBefore);
        report.put("budgetExhaustedCalls", service.statistics().count(Outcome.BUDGET_EXHAUSTED) - exhaustedBefore);
        report.put("breaker", service.circuitBreaker().state().name());
        return report;
    }
}
