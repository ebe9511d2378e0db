package dev.retrykit.core;

import dev.retrykit.annotation.Priority;
import dev.retrykit.core.classify.ErrorClassifier;
import dev.retrykit.core.classify.ExceptionClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What one call site adds to its service's policy: the annotation attributes of a method, resolved once at
 * startup. Immutable and shareable between threads; {@link #DEFAULT} changes nothing.
 */
public final class CallOptions {

    /** No overrides: the service's policy as it is. */
    public static final CallOptions DEFAULT = builder().build();

    private final int maxAttempts;
    private final boolean retries;
    private final Priority priority;
    private final ErrorClassifier extraClassifier;
    private final Predicate<Object> retryOnResult;
    private final FallbackFunction<?> fallback;
    private final Class<?>[] fallbackOn;

    private CallOptions(Builder builder) {
        this.maxAttempts = builder.maxAttempts;
        this.retries = builder.retries;
        this.priority = builder.priority;
        this.extraClassifier = builder.retryOn.isEmpty() && builder.noRetryOn.isEmpty()
                ? null : new ExceptionClassifier(builder.retryOn, builder.noRetryOn);
        this.retryOnResult = builder.retryOnResult;
        this.fallback = builder.fallback;
        this.fallbackOn = builder.fallbackOn.toArray(new Class<?>[0]);
    }

    private CallOptions(CallOptions base, FallbackFunction<?> fallback, Predicate<Object> retryOnResult) {
        this.maxAttempts = base.maxAttempts;
        this.retries = base.retries;
        this.priority = base.priority;
        this.extraClassifier = base.extraClassifier;
        this.fallbackOn = base.fallbackOn;
        this.fallback = fallback;
        this.retryOnResult = retryOnResult;
    }

    /**
     * A cheap copy with a per-call fallback and result predicate (they may capture the call's arguments); the
     * classifier and the fallback's trigger types are shared, nothing is rebuilt.
     */
    public CallOptions withCallBindings(FallbackFunction<?> fallback, Predicate<Object> retryOnResult) {
        return new CallOptions(this, fallback, retryOnResult);
    }

    /** A builder with no overrides. */
    public static Builder builder() {
        return new Builder();
    }

    /** Attempts override, or -1 to use the service's {@code max-attempts}. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** False for {@code @CircuitGuarded}: exactly one attempt. */
    public boolean retries() {
        return retries;
    }

    /** Load-shedding priority. */
    public Priority priority() {
        return priority;
    }

    /** Classifier of the call site's {@code retryOn}/{@code noRetryOn}, or {@code null}. */
    public ErrorClassifier extraClassifier() {
        return extraClassifier;
    }

    /** Predicate marking a returned value as a failed attempt, or {@code null}. */
    public Predicate<Object> retryOnResult() {
        return retryOnResult;
    }

    /** Fallback, or {@code null}. */
    public FallbackFunction<?> fallback() {
        return fallback;
    }

    /** Whether {@code failure} should be handed to the fallback. */
    public boolean fallbackApplies(Throwable failure) {
        if (fallback == null) {
            return false;
        }
        if (fallbackOn.length == 0) {
            return true;
        }
        for (Class<?> type : fallbackOn) {
            if (type.isInstance(failure)) {
                return true;
            }
        }
        return false;
    }

    /** Mutable builder of {@link CallOptions}; not thread-safe. */
    public static final class Builder {
        private int maxAttempts = -1;
        private boolean retries = true;
        private Priority priority = Priority.NORMAL;
        private final List<Class<? extends Throwable>> retryOn = new ArrayList<>();
        private final List<Class<? extends Throwable>> noRetryOn = new ArrayList<>();
        private Predicate<Object> retryOnResult;
        private FallbackFunction<?> fallback;
        private final List<Class<? extends Throwable>> fallbackOn = new ArrayList<>();

        private Builder() {
        }

        /** Overrides the attempts; -1 = from the policy. */
        public Builder maxAttempts(int value) {
            if (value == 0 || value < -1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, or -1 for the configured value: " + value);
            }
            maxAttempts = value;
            return this;
        }

        /** {@code false} = a single attempt ({@code @CircuitGuarded}). */
        public Builder retries(boolean value) { retries = value; return this; }

        /** Sets the load-shedding priority. */
        public Builder priority(Priority value) { priority = Objects.requireNonNull(value, "priority"); return this; }

        /** Adds retryable exception types for this call site. */
        public Builder retryOn(List<Class<? extends Throwable>> types) { retryOn.addAll(types); return this; }

        /** Adds non-retryable exception types for this call site. */
        public Builder noRetryOn(List<Class<? extends Throwable>> types) { noRetryOn.addAll(types); return this; }

        /** Retries while {@code predicate} is true for the returned value; the last value is returned at the end. */
        public Builder retryOnResult(Predicate<Object> predicate) { retryOnResult = predicate; return this; }

        /** Sets the failure types that trigger a fallback (all when empty) without setting the fallback itself. */
        public Builder fallbackOn(List<Class<? extends Throwable>> on) {
            fallbackOn.clear();
            fallbackOn.addAll(on);
            return this;
        }

        /** Sets the fallback, used for failures of the given types (all when empty). */
        public Builder fallback(FallbackFunction<?> function, List<Class<? extends Throwable>> on) {
            fallback = function;
            fallbackOn.clear();
            fallbackOn.addAll(on);
            return this;
        }

        /** Builds the options. */
        public CallOptions build() {
            return new CallOptions(this);
        }
    }
}
