package dev.retrykit.spring.aot;

import dev.retrykit.spring.actuate.RetryEndpoint;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * What the starter itself reads reflectively, for AOT processing and native images: the dashboard page, the types it
 * looks up by name (Spring's transient data-access exception, the {@code RestClient} and {@code WebClient} response
 * exceptions) and the descriptors the {@code retry} endpoint serialises with Jackson. The application's own
 * reflective needs (fallback methods, exception classes named in configuration) are registered by
 * {@link dev.retrykit.spring.aop.RetryBeanRegistrationAotProcessor} and {@link RetryConfigurationAotProcessor}.
 */
public final class RetryRuntimeHints implements RuntimeHintsRegistrar {

    /** The dashboard page template, read from the classpath. */
    public static final String DASHBOARD_PAGE = "dev/retrykit/spring/web/dashboard/retry-dashboard.html";

    private static final String[] TYPES_LOOKED_UP_BY_NAME = {
            "org.springframework.dao.TransientDataAccessException",
            "org.springframework.web.client.RestClientResponseException",
            "org.springframework.web.reactive.function.client.WebClientResponseException",
            "org.springframework.data.redis.connection.RedisConnectionFactory" };

    private static final String ENDPOINT_ANNOTATION = "org.springframework.boot.actuate.endpoint.annotation.Endpoint";

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        hints.resources().registerPattern(DASHBOARD_PAGE);
        for (String type : TYPES_LOOKED_UP_BY_NAME) {
            hints.reflection().registerTypeIfPresent(classLoader, type);
        }
        if (ClassUtils.isPresent(ENDPOINT_ANNOTATION, classLoader)) {
            EndpointDescriptors.register(hints);
        }
    }

    /** Kept apart so that the endpoint's types are loaded only when actuator is present. */
    private static final class EndpointDescriptors {

        static void register(RuntimeHints hints) {
            BindingReflectionHintsRegistrar binding = new BindingReflectionHintsRegistrar();
            for (Class<?> nested : RetryEndpoint.class.getDeclaredClasses()) {
                if (nested.isRecord()) {
                    binding.registerReflectionHints(hints.reflection(), nested);
                }
            }
        }
    }
}
