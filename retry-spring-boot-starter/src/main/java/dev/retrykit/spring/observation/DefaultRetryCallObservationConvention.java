package dev.retrykit.spring.observation;

import dev.retrykit.core.Outcome;
import dev.retrykit.spring.observation.RetryObservationDocumentation.CallHighCardinalityKeys;
import dev.retrykit.spring.observation.RetryObservationDocumentation.CallKeys;
import io.micrometer.common.KeyValues;

/**
 * {@code retry.call}, named {@code retry <service>} in traces; low-cardinality {@code service} and {@code outcome}
 * (spelled as in the {@code retry.calls} metric, {@code unknown} when the call ended without one), high-cardinality
 * {@code retry.attempts} and OpenTelemetry's {@code error.type} when the call threw.
 */
public class DefaultRetryCallObservationConvention implements RetryCallObservationConvention {

    /** The observation's name. */
    public static final String NAME = "retry.call";

    /** A shared instance; the convention is stateless. */
    public static final DefaultRetryCallObservationConvention INSTANCE = new DefaultRetryCallObservationConvention();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(RetryCallContext context) {
        return "retry " + context.getService();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(RetryCallContext context) {
        Outcome outcome = context.getOutcome();
        return KeyValues.of(CallKeys.SERVICE.withValue(context.getService()),
                CallKeys.OUTCOME.withValue(outcome == null ? "unknown" : outcome.tagValue()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(RetryCallContext context) {
        KeyValues values = KeyValues.of(CallHighCardinalityKeys.ATTEMPTS.withValue(Integer.toString(context.getAttempts())));
        Throwable error = context.getError();
        return error == null ? values : values.and(CallHighCardinalityKeys.ERROR_TYPE.withValue(error.getClass().getName()));
    }
}
