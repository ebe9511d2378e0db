package dev.retrykit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.history.HistoryRecorder;
import dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException;
import dev.retrykit.spring.web.dashboard.RetryDashboardHistory;
import dev.retrykit.spring.web.dashboard.RetryDashboardPage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

class RetryDashboardAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class, RetryDashboardAutoConfiguration.class));

    @Test
    void isOffByDefault() {
        runner.run(context -> assertThat(context).doesNotHaveBean(RetryDashboardPage.class));
    }

    @Test
    void isNotServedOutsideAServletWebApplication() {
        RetryTestContexts.runner().withConfiguration(AutoConfigurations.of(RetryDashboardAutoConfiguration.class))
                .withPropertyValues("retry.dashboard.enabled=true")
                .run(context -> assertThat(context).doesNotHaveBean(RetryDashboardPage.class));
    }

    @Test
    void isOffWhenRetryIsDisabled() {
        runner.withPropertyValues("retry.enabled=false", "retry.dashboard.enabled=true")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RetryDashboardPage.class)
                        .doesNotHaveBean("retrykitDashboardRoute"));
    }

    @Test
    void routeOfTheSameNameReplacesTheDashboardRoute() {
        runner.withPropertyValues("retry.dashboard.enabled=true").withUserConfiguration(OwnDashboardRoute.class)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(RetryDashboardPage.class);
                    assertThat(context.getBean("retrykitDashboardRoute")).isSameAs(OwnDashboardRoute.ROUTE);
                });
    }

    @Test
    void otherRoutesOfTheApplicationLeaveTheDashboardRouteInPlace() {
        runner.withPropertyValues("retry.dashboard.enabled=true").withUserConfiguration(OtherRoute.class)
                .run(context -> assertThat(context).hasNotFailed().hasBean("retrykitDashboardRoute").hasBean("otherRoute"));
    }

    @Test
    void servesAReadOnlyPageAtTheConfiguredPathWhenEnabled() {
        runner.withPropertyValues("retry.dashboard.enabled=true", "retry.dashboard.path=/ops/retries").run(context -> {
            RetryDashboardPage page = context.getBean(RetryDashboardPage.class);
            assertThat(page.path()).isEqualTo("/ops/retries");
            assertThat(page.writable()).isFalse();
            assertThat(page.render("")).contains("data-endpoint=\"/actuator/retry\"", "data-writable=\"false\"",
                    "data-poll-millis=\"1000\"");
        });
    }

    @Test
    void offersWritesOnlyWhenTheEndpointAccessIsUnrestricted() {
        runner.withPropertyValues("retry.dashboard.enabled=true", "management.endpoint.retry.access=unrestricted")
                .run(context -> assertThat(context.getBean(RetryDashboardPage.class).writable()).isTrue());
        runner.withPropertyValues("retry.dashboard.enabled=true", "management.endpoints.access.default=unrestricted")
                .run(context -> assertThat(context.getBean(RetryDashboardPage.class).writable()).isTrue());
        runner.withPropertyValues("retry.dashboard.enabled=true", "management.endpoint.retry.access=unrestricted",
                        "management.endpoints.access.max-permitted=read-only")
                .run(context -> assertThat(context.getBean(RetryDashboardPage.class).writable()).isFalse());
    }

    @Test
    void pointsThePageAtTheActuatorBasePathAndContextPath() {
        runner.withPropertyValues("retry.dashboard.enabled=true", "management.endpoints.web.base-path=/manage/",
                        "management.endpoints.web.path-mapping.retry=resilience")
                .run(context -> assertThat(context.getBean(RetryDashboardPage.class).render("/shop"))
                        .contains("data-endpoint=\"/shop/manage/resilience\""));
    }

    @Test
    void escapesTheEndpointPathIntoTheHtmlAttribute() {
        RetryDashboardPage page = new RetryDashboardPage("/retry-dashboard", "/a\"b<c", false, java.time.Duration.ofSeconds(1));

        assertThat(page.render("")).contains("data-endpoint=\"/a&quot;b&lt;c\"").doesNotContain("/a\"b<c");
    }

    @Test
    void saysTheEndpointIsNotExposedUnlessItIs() {
        WebApplicationContextRunner withActuator = runner.withConfiguration(
                AutoConfigurations.of(RetryActuatorAutoConfiguration.class));
        withActuator.withPropertyValues("retry.dashboard.enabled=true").run(context -> {
            assertThat(context.getBean(RetryDashboardPage.class).exposed()).isFalse();
            assertThat(context.getBean(RetryDashboardPage.class).render(""))
                    .contains("data-exposed=\"false\"", "management.endpoints.web.exposure.include=retry");
        });
        withActuator.withPropertyValues("retry.dashboard.enabled=true",
                        "management.endpoints.web.exposure.include=health,retry")
                .run(context -> assertThat(context.getBean(RetryDashboardPage.class).render(""))
                        .contains("data-exposed=\"true\""));
    }

    @Test
    void recordsTheHistoryOfEveryServiceAndServesItNextToThePage() {
        runner.withPropertyValues("retry.dashboard.enabled=true", "retry.dashboard.path=/ops/retries",
                        "retry.services.payments.template=http-api", "retry.dashboard.history.interval=100ms",
                        "retry.dashboard.history.retention=1m")
                .run(context -> {
                    HistoryRecorder recorder = context.getBean(HistoryRecorder.class);
                    assertThat(recorder.config().capacity()).isEqualTo(600);
                    ServiceRegistry registry = context.getBean(ServiceRegistry.class);
                    registry.find("payments").call(() -> "ok");
                    assertThat(context.getBean(RetryDashboardPage.class).render(""))
                            .contains("data-history=\"/ops/retries/history\"");
                    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    while (recorder.samples("payments").stream().mapToLong(sample -> sample.calls()).sum() == 0
                            && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    Map<String, Object> history = context.getBean(RetryDashboardHistory.class).history(Long.MIN_VALUE);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> payments = (Map<String, Object>) ((Map<String, Object>) history.get("services"))
                            .get("payments");
                    @SuppressWarnings("unchecked")
                    List<Long> successes = (List<Long>) ((Map<String, Object>) payments.get("calls")).get("success");
                    assertThat(successes.stream().mapToLong(Long::longValue).sum())
                            .as("the call shows in the sampled history").isEqualTo(1);
                    assertThat(history).containsEntry("intervalMillis", 100L).containsEntry("retentionMillis", 60_000L);
                });
    }

    @Test
    void refusesAHistoryIntervalTooShortOrARetentionTooLong() {
        runner.withPropertyValues("retry.dashboard.enabled=true", "retry.dashboard.history.interval=10ms")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(InvalidRetryConfigurationException.class)
                        .hasMessageContaining("retry.dashboard.history.interval").hasMessageContaining("PT0.01S")
                        .hasMessageContaining("at least 100ms"));
        runner.withPropertyValues("retry.dashboard.enabled=true", "retry.dashboard.history.retention=2h")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(InvalidRetryConfigurationException.class)
                        .hasMessageContaining("retry.dashboard.history.retention").hasMessageContaining("PT2H")
                        .hasMessageContaining("3600 intervals"));
    }

    @Test
    void handsTheCsrfTokenToThePageEscaped() {
        RetryDashboardPage page = new RetryDashboardPage("/retry-dashboard", "/actuator/retry", true, true,
                Duration.ofSeconds(1));

        assertThat(page.render("", new String[] {"X-CSRF-TOKEN", "a\"b"}))
                .contains("data-csrf-header=\"X-CSRF-TOKEN\"", "data-csrf-token=\"a&quot;b\"");
        assertThat(page.render("")).contains("data-csrf-token=\"\"");
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnDashboardRoute {

        static final RouterFunction<ServerResponse> ROUTE = RouterFunctions.route()
                .GET("/ops/retries", request -> ServerResponse.ok().body("mine")).build();

        @Bean
        RouterFunction<ServerResponse> retrykitDashboardRoute() {
            return ROUTE;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OtherRoute {

        @Bean
        RouterFunction<ServerResponse> otherRoute() {
            return RouterFunctions.route().GET("/hello", request -> ServerResponse.ok().body("hello")).build();
        }
    }
}
