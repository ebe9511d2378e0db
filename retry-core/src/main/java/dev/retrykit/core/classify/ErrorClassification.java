package dev.retrykit.core.classify;

import java.util.List;

/**
 * Combines several {@link ErrorClassifier}s into one decision: a non-retryable or caller-fault verdict from any
 * classifier wins over a retryable one; retryable needs at least one classifier to say so; with no opinion at
 * all the failure is not retryable. Of the retryable verdicts, the first one that carries a {@code Retry-After} hint is
 * kept.
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
     * The combined decision with the call site's own classifier ({@code retryOn}/{@code noRetryOn} of a method),
     * which is more specific than the service's: its non-retryable verdict ends the call, and its retryable verdict
     * wins over the service's classifiers (keeping their {@code Retry-After} hint when they agree). Never
     * returns {@code null}.
     */
    public Classification classify(Throwable error, ErrorClassifier extra) {
        Classification own = extra == null ? null : extra.classify(error);
        if (own != null && !own.retryable()) {
            return own;
        }
        Classification decided = decide(error);
        return own != null && !decided.retryable() ? own : decided;
    }

    private Classification decide(Throwable error) {
        Classification retryable = null;
        Classification stop = null;
        for (ErrorClassifier classifier : classifiers) {
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
