package dev.retrykit.spring.autoconfigure;

import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.history.HistoryConfig;
import dev.retrykit.core.history.HistoryRecorder;
import dev.retrykit.core.time.ExecutorScheduler;
import dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException;
import dev.retrykit.spring.web.dashboard.RetryDashboardHistory;
import dev.retrykit.spring.web.dashboard.RetryDashboardPage;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Serves the live dashboard at {@code retry.dashboard.path} in a servlet web application when
 * {@code retry.dashboard.enabled=true} (off by default). The page reads the {@code retry} actuator endpoint at
 * {@code management.endpoints.web.base-path} (and its {@code path-mapping}), and offers the breaker buttons only when
 * the endpoint's access is {@code unrestricted}, resolved from {@code management.endpoint.retry.access},
 * {@code management.endpoints.access.default} and {@code management.endpoints.access.max-permitted} the way the
 * actuator resolves it. When the endpoint is not available over HTTP the page says which property exposes it. The
 * charts come from a {@link HistoryRecorder} (a listener of every service, sampled every
 * {@code retry.dashboard.history.interval} on a daemon thread, kept for {@code retry.dashboard.history.retention}),
 * served as JSON at {@code <path>/history}; none of it exists while the dashboard is off. The actuator on a separate
 * management port is not supported by the page. Like the rest of retrykit it is off with {@code retry.enabled=false}:
 * there are no services to show then.
 */
@AutoConfiguration(after = RetryAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnProperty(prefix = "retry", name = "enabled", matchIfMissing = true)
@ConditionalOnProperty(prefix = "retry.dashboard", name = "enabled", havingValue = "true")
@ConditionalOnBean(ServiceRegistry.class)
public class RetryDashboardAutoConfiguration {

    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private static final String RETRY_ENDPOINT_CLASS = "dev.retrykit.spring.actuate.RetryEndpoint";
    private static final String ACTUATOR_ENDPOINT_CLASS = "org.springframework.boot.actuate.endpoint.annotation.Endpoint";

    /** The page, configured from the environment. */
    @Bean
    @ConditionalOnMissingBean
    public RetryDashboardPage retrykitDashboardPage(RetryProperties properties, Environment environment,
                                                    ListableBeanFactory beanFactory) {
        return new RetryDashboardPage(properties.getDashboard().getPath(), endpointPath(environment),
                endpointAvailable(beanFactory), endpointWritable(environment), POLL_INTERVAL);
    }

    /**
     * Records the history of every service for the charts; the registry picks it up as a listener, and
     * {@link #retrykitDashboardHistorySampling} starts its sampling.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public HistoryRecorder retrykitHistoryRecorder(RetryProperties properties) {
        return new HistoryRecorder(historyConfig(properties.getDashboard().getHistory()));
    }

    /** Samples the history on a daemon thread of its own until the context closes. */
    @Bean
    public HistorySampling retrykitDashboardHistorySampling(HistoryRecorder recorder, ServiceRegistry registry) {
        return new HistorySampling(recorder, registry);
    }

    /** The history JSON behind the charts, at the page's path plus {@code /history}. */
    @Bean
    @ConditionalOnMissingBean
    public RetryDashboardHistory retrykitDashboardHistory(RetryDashboardPage page, ServiceRegistry registry,
                                                       HistoryRecorder recorder) {
        return new RetryDashboardHistory(page.historyPath(), registry, recorder);
    }

    /**
     * The routes of the page and its history; a bean of this name replaces them (not any router function:
     * applications have many).
     */
    @Bean
    @ConditionalOnMissingBean(name = "retrykitDashboardRoute")
    public RouterFunction<ServerResponse> retrykitDashboardRoute(RetryDashboardPage page, RetryDashboardHistory history) {
        return page.routes().and(history.routes());
    }

    static HistoryConfig historyConfig(RetryProperties.Dashboard.History history) {
        Duration interval = history.getInterval();
        Duration retention = history.getRetention();
        if (interval == null || interval.compareTo(HistoryConfig.MIN_INTERVAL) < 0) {
            throw new InvalidRetryConfigurationException("retry.dashboard.history.interval", String.valueOf(interval),
                    "is shorter than the shortest sampling interval", "a duration of at least 100ms, e.g. 1s");
        }
        long samples = retention == null ? 0 : retention.toNanos() / interval.toNanos();
        if (samples < 1 || samples > HistoryConfig.MAX_SAMPLES) {
            throw new InvalidRetryConfigurationException("retry.dashboard.history.retention", String.valueOf(retention),
                    "keeps " + samples + " samples of " + interval,
                    "a duration from one interval to " + HistoryConfig.MAX_SAMPLES + " intervals, e.g. 10m at 1s");
        }
        return new HistoryConfig(interval, retention);
    }

    /** Whether the {@code retry} endpoint exists, which it does only when it is enabled and exposed. */
    static boolean endpointAvailable(ListableBeanFactory beanFactory) {
        ClassLoader loader = RetryDashboardAutoConfiguration.class.getClassLoader();
        if (!ClassUtils.isPresent(ACTUATOR_ENDPOINT_CLASS, loader)) {
            return false;
        }
        Class<?> endpoint = ClassUtils.resolveClassName(RETRY_ENDPOINT_CLASS, loader);
        return beanFactory.getBeanNamesForType(endpoint, true, false).length > 0;
    }

    /** Runs the {@link HistoryRecorder}'s sampling on one daemon thread, stopped when the context closes. */
    public static final class HistorySampling implements DisposableBean {

        private final HistoryRecorder recorder;
        private final ScheduledThreadPoolExecutor timer;

        HistorySampling(HistoryRecorder recorder, ServiceRegistry registry) {
            this.recorder = recorder;
            this.timer = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "retrykit-dashboard-history");
                thread.setDaemon(true);
                return thread;
            });
            timer.setRemoveOnCancelPolicy(true);
            recorder.start(registry, ExecutorScheduler.of(timer));
        }

        @Override
        public void destroy() {
            recorder.close();
            timer.shutdownNow();
        }
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
