package dev.retrykit.spring.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationView;
import io.micrometer.observation.transport.RequestReplySenderContext;

/**
 * Adds OpenTelemetry's {@code http.request.resend_count} (HTTP semantic conventions: "the ordinal number of request
 * resending attempt") to a client request observation (RestClient, WebClient: a {@link RequestReplySenderContext})
 * made inside attempt 2 or later of a guarded call: attempt {@code n} sends resend number {@code n - 1}. A
 * high-cardinality key, so it reaches the client span and never the client's timer. Requests of a first attempt are
 * left as they are, as the convention asks.
 */
public class ResendCountObservationFilter implements ObservationFilter {

    /** The OpenTelemetry attribute name. */
    public static final String RESEND_COUNT = "http.request.resend_count";

    @Override
    public Observation.Context map(Observation.Context context) {
        if (context instanceof RequestReplySenderContext<?, ?>) {
            RetryAttemptContext attempt = enclosingAttempt(context);
            if (attempt != null && attempt.getAttempt() > 1) {
                context.addHighCardinalityKeyValue(KeyValue.of(RESEND_COUNT, Integer.toString(attempt.getAttempt() - 1)));
            }
        }
        return context;
    }

    /** The nearest {@code retry.attempt} above {@code context}, stopping at the first {@code retry.call} without one. */
    private static RetryAttemptContext enclosingAttempt(Observation.ContextView context) {
        ObservationView parent = context.getParentObservation();
        while (parent != null) {
            Observation.ContextView view = parent.getContextView();
            if (view instanceof RetryAttemptContext attempt) {
                return attempt;
            }
            if (view instanceof RetryCallContext) {
                return null;
            }
            parent = view.getParentObservation();
        }
        return null;
    }
}
