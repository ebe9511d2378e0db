package dev.retrykit.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names and keys of {@code retry.call} observations; a bean of this type replaces the default one. */
public interface RetryCallObservationConvention extends ObservationConvention<RetryCallContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof RetryCallContext;
    }
}
