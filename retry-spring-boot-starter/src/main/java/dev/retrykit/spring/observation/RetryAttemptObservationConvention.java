package dev.retrykit.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names and keys of {@code retry.attempt} observations; a bean of this type replaces the default one. */
public interface RetryAttemptObservationConvention extends ObservationConvention<RetryAttemptContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof RetryAttemptContext;
    }
}
