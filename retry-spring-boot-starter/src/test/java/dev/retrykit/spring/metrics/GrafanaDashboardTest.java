package dev.retrykit.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The shipped Grafana dashboard queries only metrics that {@link RetryMetrics} really exports to Prometheus. */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "retrykit-dashboard.json");
    private static final Pattern METRIC_NAME = Pattern.compile("\\bretry_[a-z_]+\\b");

    private final MeteredServices fixture = new MeteredServices("payments");

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void queriesOnlyMetricNamesTheBinderExports() throws Exception {
        Set<String> exported = PrometheusScrape.metricNames(scrapeAfterEveryOutcome());
        List<String> queries = queries(JsonMapper.builder().build().readTree(Files.readString(DASHBOARD)));

        Set<String> referenced = new TreeSet<>();
        for (String query : queries) {
            Matcher matcher = METRIC_NAME.matcher(query);
            while (matcher.find()) {
                referenced.add(matcher.group());
            }
        }

        assertThat(referenced).isNotEmpty().allSatisfy(name -> assertThat(exported).as("exported metric names").contains(name));
        assertThat(referenced).contains("retry_calls_total", "retry_attempts_total", "retry_call_duration_seconds_bucket",
                "retry_circuit_state", "retry_budget_remaining", "retry_bulkhead_available");
    }

    @Test
    void hasThePanelsOperatorsNeed() throws Exception {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        List<String> titles = new ArrayList<>();
        dashboard.get("panels").forEach(panel -> titles.add(panel.get("title").asString()));

        assertThat(titles).contains("Success rate", "Attempts rate", "p95 call duration", "Circuit breaker state",
                "Retry budget remaining", "Bulkhead available");
        assertThat(queries(dashboard)).anyMatch(query -> query.startsWith("histogram_quantile(0.95")
                && query.contains("retry_call_duration_seconds_bucket"));
    }

    @Test
    void successRateCountsOnlyTheMethodsOwnValuesOverAllCallsBesideAFallbackRate() throws Exception {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        List<String> successPanel = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            if (panel.get("title").asString().equals("Success rate")) {
                panel.get("targets").forEach(target -> successPanel.add(target.get("expr").asString()));
            }
        }
        String allCalls = "sum by (service) (rate(retry_calls_total{service=~\"$service\"}[$__rate_interval]))";

        assertThat(successPanel).containsExactly(
                "sum by (service) (rate(retry_calls_total{service=~\"$service\", outcome=~\"success|success_after_retry\"}"
                        + "[$__rate_interval])) / " + allCalls,
                "sum by (service) (rate(retry_calls_total{service=~\"$service\", outcome=\"fallback\"}"
                        + "[$__rate_interval])) / " + allCalls);
    }

    @Test
    void exportsTheDocumentedPrometheusNames() {
        String scrape = scrapeAfterEveryOutcome();

        assertThat(PrometheusScrape.metricNames(scrape)).contains("retry_calls_total", "retry_attempts_total",
                "retry_call_duration_seconds_bucket", "retry_call_duration_seconds_count", "retry_call_duration_seconds_sum",
                "retry_circuit_state", "retry_circuit_transitions_total", "retry_budget_remaining",
                "retry_budget_rejections_total", "retry_bulkhead_available", "retry_concurrent", "retry_service_health");
        assertThat(scrape).contains("retry_calls_total{outcome=\"success_after_retry\",service=\"payments\"} 1.0");
    }

    private String scrapeAfterEveryOutcome() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new RetryMetrics(fixture.registry).bindTo(prometheus);
        fixture.everyOutcome(fixture.registry.find("payments"));
        return prometheus.scrape();
    }

    /** Every PromQL expression of the panels' targets and of the template variables. */
    private static List<String> queries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.get("expr").asString());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            if (query.has("query")) {
                queries.add(query.get("query").asString());
            }
        }
        return queries;
    }
}
