package dev.retrykit.core.classify;

import java.util.List;

/**
 * Combines several {@link ErrorClassifier}s into one decision: a non-retryable or caller-fault verdict from any
 * classifier wins over a retryable one; retryable needs at least one classifier to say so; with no opinion at
 * all the failure is not retryable. The latest {@code Retry-After} hint of the retryable verdicts is kept.
 * Immutable and thread-safe.
 */
public final class ErrorClassification implements ErrorClassifier {

    private final ErrorClassifier[] classifiers;

    /** Combines the classifiers, consulted in order. */
    public ErrorClassification(List<? extends ErrorClassifier> classifiers) {
        this.classifiers = classifiers.toArray(new ErrorClassifier[0]);
    }

    /** Never returns {@code null}: the combined decision. */
    @Override
    public Classification classify(Throwable error) {
        return classify(error, null);
    }

    /**
     * The combined decision with one more classifier consulted first (e.g. a method's own {@code retryOn}
     * list), under the same rules. Never returns {@code null}.
     */
    public Classification classify(Throwable error, ErrorClassifier extra) {
        Classification retryable = null;
        Classification stop = null;
        for (int i = extra == null ? 0 : -1; i < classifiers.length; i++) {
            ErrorClassifier classifier = i < 0 ? extra : classifiers[i];
            Classification c = classifier.classify(error);
            if (c == null) {
                continue;
            }
            if (c.verdict() == Verdict.RETRYABLE) {
                if (retryable == null || (c.retryAfter() != null && retryable.retryAfter() == null)) {
                    retryable = c;
                }
            } else if (stop == null || c.verdict() == Verdict.NON_RETRYABLE) {
                stop = c;
            }
        }
        if (stop != null) {
            return stop;
        }
        return retryable != null ? retryable : Classification.NON_RETRYABLE;
    }
}
