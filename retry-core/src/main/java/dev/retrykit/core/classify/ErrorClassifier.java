package dev.retrykit.core.classify;

/**
 * Classifier SPI: decides whether a failure is worth retrying. The Spring starter adds classifiers for HTTP
 * status codes, {@code Retry-After} and SQLState; users may add their own.
 *
 * <p>Implementations must be thread-safe. They run only on the failure path.
 */
@FunctionalInterface
public interface ErrorClassifier {

    /**
     * Classifies {@code error} (look through its cause chain where that makes sense).
     *
     * @return the classification, or {@code null} when this classifier has no opinion
     */
    Classification classify(Throwable error);
}
