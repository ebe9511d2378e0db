package dev.retrykit.core.internal;

/** Rethrowing without wrapping. */
public final class Throwables {

    private Throwables() {
    }

    /**
     * Throws {@code error} as it is, checked or not, without declaring it. Declared to return an exception so
     * callers can write {@code throw Throwables.rethrow(e)}.
     */
    public static RuntimeException rethrow(Throwable error) {
        throw Throwables.<RuntimeException>sneaky(error);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable error) throws E {
        throw (E) error;
    }

    /** Unwraps {@code CompletionException} and {@code ExecutionException} layers added by futures. */
    public static Throwable unwrapFuture(Throwable error) {
        Throwable current = error;
        while ((current instanceof java.util.concurrent.CompletionException
                || current instanceof java.util.concurrent.ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** The message cut to {@code max} characters, or {@code null}. */
    public static String shortMessage(Throwable error, int max) {
        String message = error == null ? null : error.getMessage();
        return message == null || message.length() <= max ? message : message.substring(0, max) + "...";
    }
}
