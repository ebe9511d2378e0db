package dev.retrykit.spring.observation;

import dev.retrykit.core.Outcome;
import dev.retrykit.core.observation.CallObserver;
import dev.retrykit.core.observation.ObservationScope;
import dev.retrykit.core.observation.ObservedAttempt;
import dev.retrykit.core.observation.ObservedCall;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.function.Supplier;

/**
 * retry-core's {@link CallObserver} on Micrometer's Observation API: every guarded call is a {@code retry.call}
 * observation (a child of the caller's current observation) and every attempt a {@code retry.attempt} observation,
 * a child of the call, made current on the thread that runs the attempt's body, so that a RestClient or JDBC
 * observation made there becomes the attempt's child and a trace shows each retry as its own span.
 *
 * <p>While the registry is the no-op one (no handler registered) or an {@code ObservationPredicate} turns
 * {@code retry.call} off, calls are declined and cost one check. Thread-safe.
 */
public final class ObservationCallObserver implements CallObserver {

    private final Supplier<ObservationRegistry> registrySource;
    private final RetryCallObservationConvention callConvention;
    private final RetryAttemptObservationConvention attemptConvention;
    private volatile ObservationRegistry registry;

    /**
     * An observer on {@code registry}, resolved on the first call (so that the registry's own set-up, which may
     * reach meter binders and through them the service registry, never waits for this observer).
     *
     * @param callConvention a custom convention for calls, or {@code null} for the default one
     * @param attemptConvention a custom convention for attempts, or {@code null} for the default one
     */
    public ObservationCallObserver(Supplier<ObservationRegistry> registry, RetryCallObservationConvention callConvention,
                                   RetryAttemptObservationConvention attemptConvention) {
        this.registrySource = registry;
        this.callConvention = callConvention;
        this.attemptConvention = attemptConvention;
    }

    /** An observer on {@code registry} with the default conventions. */
    public ObservationCallObserver(ObservationRegistry registry) {
        this(() -> registry, null, null);
    }

    @Override
    public ObservedCall startCall(String service, boolean async) {
        ObservationRegistry observations = registry();
        if (observations.isNoop()) {
            return null;
        }
        RetryCallContext context = new RetryCallContext(service);
        Observation observation = RetryObservationDocumentation.CALL.observation(callConvention,
                DefaultRetryCallObservationConvention.INSTANCE, () -> context, observations);
        if (observation.isNoop()) {
            return null;
        }
        return new Call(observation.start(), context, observations);
    }

    private ObservationRegistry registry() {
        ObservationRegistry current = registry;
        if (current == null) {
            current = registrySource.get();
            registry = current;
        }
        return current;
    }

    private static ObservationScope scope(Observation observation) {
        Observation.Scope scope = observation.openScope();
        return scope::close;
    }

    private final class Call implements ObservedCall {
        private final Observation observation;
        private final RetryCallContext context;
        private final ObservationRegistry observations;

        Call(Observation observation, RetryCallContext context, ObservationRegistry observations) {
            this.observation = observation;
            this.context = context;
            this.observations = observations;
        }

        @Override
        public ObservedAttempt startAttempt(int attempt) {
            RetryAttemptContext attemptContext = new RetryAttemptContext(context.getService(), attempt);
            Observation child = RetryObservationDocumentation.ATTEMPT.observation(attemptConvention,
                    DefaultRetryAttemptObservationConvention.INSTANCE, () -> attemptContext, observations);
            child.parentObservation(observation);
            return new Attempt(child.start(), attemptContext);
        }

        @Override
        public ObservationScope openScope() {
            return scope(observation);
        }

        @Override
        public void stop(Outcome outcome, Throwable error, int attempts) {
            context.ended(outcome, attempts);
            if (error != null) {
                observation.error(error);
            }
            observation.stop();
        }
    }

    private static final class Attempt implements ObservedAttempt {
        private final Observation observation;
        private final RetryAttemptContext context;

        Attempt(Observation observation, RetryAttemptContext context) {
            this.observation = observation;
            this.context = context;
        }

        @Override
        public ObservationScope openScope() {
            return scope(observation);
        }

        @Override
        public void stop(boolean succeeded, Throwable error) {
            context.ended(succeeded);
            if (error != null) {
                observation.error(error);
            }
            observation.stop();
        }
    }
}
