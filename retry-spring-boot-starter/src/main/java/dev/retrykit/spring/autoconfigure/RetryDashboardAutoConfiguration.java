package dev.retrykit.spring.autoconfigure;

import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.spring.web.dashboard.RetryDashboardPage;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Serves the live dashboard at {@code retry.dashboard.path} in a servlet web application when
 * {@code retry.dashboard.enabled=true} (off by default). The page reads the {@code retry} actuator endpoint at
 * {@code management.endpoints.web.base-path} (and its {@code path-mapping}), and offers the breaker buttons only when
 * the endpoint's access is {@code unrestricted}, resolved from {@code management.endpoint.retry.access},
 * {@code management.endpoints.access.default} and {@code management.endpoints.access.max-permitted} the way the
 * actuator resolves it. The actuator on a separate management port is not supported by the page. Like the rest of
 * retrykit it is off with {@code retry.enabled=false}: there are no services to show then.
 */
@AutoConfiguration(after = RetryAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnProperty(prefix = "retry", name = "enabled", matchIfMissing = true)
@ConditionalOnProperty(prefix = "retry.dashboard", name = "enabled", havingValue = "true")
@ConditionalOnBean(ServiceRegistry.class)
public class RetryDashboardAutoConfiguration {

    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    /** The page, configured from the environment. */
    @Bean
    @ConditionalOnMissingBean
    public RetryDashboardPage retrykitDashboardPage(RetryProperties properties, Environment environment) {
        return new RetryDashboardPage(properties.getDashboard().getPath(), endpointPath(environment),
                endpointWritable(environment), POLL_INTERVAL);
    }

    /** The route of the page; a bean of this name replaces it (not any router function: applications have many). */
    @Bean
    @ConditionalOnMissingBean(name = "retrykitDashboardRoute")
    public RouterFunction<ServerResponse> retrykitDashboardRoute(RetryDashboardPage page) {
        return page.routes();
    }

    static String endpointPath(Environment environment) {
        String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
        String mapping = environment.getProperty("management.endpoints.web.path-mapping.retry", "retry");
        String base = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
        return base + "/" + (mapping.startsWith("/") ? mapping.substring(1) : mapping);
    }

    static boolean endpointWritable(Environment environment) {
        String access = environment.getProperty("management.endpoint.retry.access",
                environment.getProperty("management.endpoints.access.default", "read-only"));
        String maxPermitted = environment.getProperty("management.endpoints.access.max-permitted", "unrestricted");
        return isUnrestricted(access) && isUnrestricted(maxPermitted);
    }

    private static boolean isUnrestricted(String access) {
        return access.trim().replace('_', '-').toLowerCase(Locale.ROOT).equals("unrestricted");
    }
}
