package dev.retrykit.core;

/**
 * The failed attempts of one call: the last failure, up to {@link #MAX_SUPPRESSED} earlier ones to attach as
 * suppressed, and the last result when a result predicate rejected it. Created at the first failure, confined to
 * one call at a time.
 */
final class AttemptHistory<T> {

    static final int MAX_SUPPRESSED = 10;

    Throwable last;
    T lastResult;
    boolean endsWithResult;
    private Throwable[] earlier;
    private int earlierCount;

    void failed(Throwable error) {
        if (last != null && last != error) {
            if (earlier == null) {
                earlier = new Throwable[MAX_SUPPRESSED];
            }
            earlier[earlierCount++ % MAX_SUPPRESSED] = last;
        }
        last = error;
        lastResult = null;
        endsWithResult = false;
    }

    void rejectedResult(T result) {
        lastResult = result;
        endsWithResult = true;
    }

    /** Whether no attempt has ended yet with a failure or a rejected result. */
    boolean isEmpty() {
        return last == null && !endsWithResult;
    }

    /** The last failure with the earlier ones (oldest first) and {@code cause} attached as suppressed. */
    Throwable finalFailure(Throwable cause) {
        if (earlier != null) {
            int kept = Math.min(earlierCount, MAX_SUPPRESSED);
            for (int i = earlierCount - kept; i < earlierCount; i++) {
                Throwable previous = earlier[i % MAX_SUPPRESSED];
                if (previous != last) {
                    last.addSuppressed(previous);
                }
            }
        }
        if (cause != null && cause != last) {
            last.addSuppressed(cause);
        }
        return last;
    }
}
