package dev.retrykit.spring.observation;

import dev.retrykit.spring.observation.RetryObservationDocumentation.AttemptHighCardinalityKeys;
import dev.retrykit.spring.observation.RetryObservationDocumentation.AttemptKeys;
import io.micrometer.common.KeyValues;

/**
 * {@code retry.attempt}, named {@code <service> attempt <n>} in traces; low-cardinality {@code service},
 * {@code attempt} and {@code error} (the failure's simple class name, {@code none}, or {@code rejected_result}),
 * high-cardinality OpenTelemetry {@code error.type} when the attempt threw.
 */
public class DefaultRetryAttemptObservationConvention implements RetryAttemptObservationConvention {

    /** The observation's name. */
    public static final String NAME = "retry.attempt";

    /** {@code error} of an attempt whose value ended the retries. */
    public static final String NO_ERROR = "none";

    /** {@code error} of an attempt whose value {@code retryOnResult} rejected. */
    public static final String REJECTED_RESULT = "rejected_result";

    /** A shared instance; the convention is stateless. */
    public static final DefaultRetryAttemptObservationConvention INSTANCE = new DefaultRetryAttemptObservationConvention();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(RetryAttemptContext context) {
        return context.getService() + " attempt " + context.getAttempt();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(RetryAttemptContext context) {
        Throwable error = context.getError();
        String errorValue = error != null ? error.getClass().getSimpleName()
                : !context.isEnded() || context.isSucceeded() ? NO_ERROR : REJECTED_RESULT;
        return KeyValues.of(AttemptKeys.SERVICE.withValue(context.getService()),
                AttemptKeys.ATTEMPT.withValue(Integer.toString(context.getAttempt())),
                AttemptKeys.ERROR.withValue(errorValue));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(RetryAttemptContext context) {
        Throwable error = context.getError();
        return error == null ? KeyValues.empty()
                : KeyValues.of(AttemptHighCardinalityKeys.ERROR_TYPE.withValue(error.getClass().getName()));
    }
}
