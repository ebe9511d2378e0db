package dev.retrykit.core.classify;

import dev.retrykit.core.ServicePolicy;

/**
 * Builds a classifier from a service's policy, so that classifiers follow runtime policy changes. The Spring
 * starter provides one for HTTP status codes and {@code Retry-After} (reading
 * {@link ServicePolicy#retryableStatusCodes()}).
 */
@FunctionalInterface
public interface ClassifierProvider {

    /** The classifier for {@code policy}, or {@code null} when it has nothing to add. */
    ErrorClassifier classifierFor(ServicePolicy policy);
}
