package dev.retrykit.spring.autoconfigure;

import dev.retrykit.core.ServiceRegistry;

/**
 * Customizes the {@link ServiceRegistry.Builder} of the auto-configured registry before it is built, the way Spring
 * Boot's {@code *Customizer} beans work: every bean of this type is applied in {@link org.springframework.core.Ordered
 * order}, after the starter's own settings. Tests use it to put the registry on virtual time
 * ({@code dev.retrykit:retry-test} does), applications to set a clock, a random source or an executor of their own.
 */
@FunctionalInterface
public interface RetryRegistryCustomizer {

    /** Changes {@code builder} in place. */
    void customize(ServiceRegistry.Builder builder);
}
