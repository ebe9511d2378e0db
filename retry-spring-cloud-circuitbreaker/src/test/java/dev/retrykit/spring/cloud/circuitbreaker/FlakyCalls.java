package dev.retrykit.spring.cloud.circuitbreaker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A dependency that fails with a retryable I/O error a given number of times, then answers; counts its calls.
 * Thread-safe.
 */
public final class FlakyCalls {

    private final AtomicInteger failuresLeft;
    private final AtomicInteger calls = new AtomicInteger();

    private FlakyCalls(int failures) {
        this.failuresLeft = new AtomicInteger(failures);
    }

    /** Fails the first {@code failures} calls. */
    public static FlakyCalls failingFirst(int failures) {
        return new FlakyCalls(failures);
    }

    /** Fails every call. */
    public static FlakyCalls down() {
        return new FlakyCalls(Integer.MAX_VALUE);
    }

    /** One call: {@code value}, or an {@link UncheckedIOException} (retryable through its cause) while failing. */
    public <T> T call(T value) {
        int call = calls.incrementAndGet();
        if (failuresLeft.getAndDecrement() > 0) {
            throw new UncheckedIOException(new IOException("down " + call));
        }
        return value;
    }

    /** Calls so far. */
    public int calls() {
        return calls.get();
    }
}
