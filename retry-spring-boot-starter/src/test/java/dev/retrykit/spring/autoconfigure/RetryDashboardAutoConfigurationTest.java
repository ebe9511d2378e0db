package dev.retrykit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.spring.web.dashboard.RetryDashboardPage;
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
