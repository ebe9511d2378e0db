package dev.retrykit.core.classify;

import java.util.List;

/**
 * Classifies by exception type: a failure is retryable when it or any of its causes is an instance of a
 * retryable type, and non-retryable wins when both lists match somewhere in the chain. Has no opinion
 * ({@code null}) when neither list matches. Immutable and thread-safe.
 */
public final class ExceptionClassifier implements ErrorClassifier {

    private static final int MAX_CAUSE_DEPTH = 32;

    private final Class<?>[] retryable;
    private final Class<?>[] nonRetryable;

    /** Builds a classifier from the two lists (either may be empty). */
    public ExceptionClassifier(List<Class<? extends Throwable>> retryable, List<Class<? extends Throwable>> nonRetryable) {
        this.retryable = retryable.toArray(new Class<?>[0]);
        this.nonRetryable = nonRetryable.toArray(new Class<?>[0]);
    }

    @Override
    public Classification classify(Throwable error) {
        boolean retry = false;
        int depth = 0;
        for (Throwable t = error; t != null && depth < MAX_CAUSE_DEPTH; t = t.getCause(), depth++) {
            if (matches(nonRetryable, t)) {
                return Classification.NON_RETRYABLE;
            }
            retry |= matches(retryable, t);
        }
        return retry ? Classification.RETRYABLE : null;
    }

    private static boolean matches(Class<?>[] types, Throwable t) {
        for (Class<?> type : types) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
