package dev.retrykit.spring.observation;

import dev.retrykit.core.AttemptDecorator;
import dev.retrykit.core.CheckedSupplier;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;

/**
 * Carries every thread-local value that Micrometer context-propagation knows (a {@code ThreadLocalAccessor} in the
 * {@link ContextRegistry}: the current observation and with it the trace, the MDC under Micrometer Tracing, the
 * idempotency key through {@link IdempotencyKeyAccessor}, and whatever the application registers) from the caller's
 * thread into attempts that run on retrykit's worker threads, and restores the worker's own values afterwards.
 * Thread-locals without an accessor need an {@link AttemptDecorator} bean of their own.
 *
 * <p>Thread-safe.
 */
public final class ContextSnapshotAttemptDecorator implements AttemptDecorator {

    private final ContextSnapshotFactory snapshots;

    /** A decorator capturing from {@code registry}. */
    public ContextSnapshotAttemptDecorator(ContextRegistry registry) {
        this.snapshots = ContextSnapshotFactory.builder().contextRegistry(registry).build();
    }

    /** A decorator capturing from the global {@link ContextRegistry#getInstance() registry}. */
    public static AttemptDecorator create() {
        return new ContextSnapshotAttemptDecorator(ContextRegistry.getInstance());
    }

    @Override
    public <T> CheckedSupplier<T> decorate(CheckedSupplier<T> attempt) {
        ContextSnapshot snapshot = snapshots.captureAll();
        return () -> {
            try (ContextSnapshot.Scope ignored = snapshot.setThreadLocals()) {
                return attempt.get();
            }
        };
    }
}
