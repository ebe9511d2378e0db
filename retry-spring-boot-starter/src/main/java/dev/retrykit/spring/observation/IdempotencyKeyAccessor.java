package dev.retrykit.spring.observation;

import dev.retrykit.core.idempotency.IdempotencyKeys;
import io.micrometer.context.ThreadLocalAccessor;

/**
 * The current idempotency key ({@link IdempotencyKeys#current()}) as a Micrometer context-propagation
 * {@link ThreadLocalAccessor}, registered through {@code META-INF/services}, so that the key travels with every
 * context snapshot: into retrykit's worker threads, into Reactor's context with {@code contextCapture()}, and into the
 * application's own context-propagating executors.
 */
public final class IdempotencyKeyAccessor implements ThreadLocalAccessor<String> {

    /** The key under which the idempotency key is captured. */
    public static final String KEY = "dev.retrykit.idempotency-key";

    @Override
    public Object key() {
        return KEY;
    }

    @Override
    public String getValue() {
        return IdempotencyKeys.current();
    }

    @Override
    public void setValue(String value) {
        IdempotencyKeys.enter(value);
    }

    @Override
    public void setValue() {
        IdempotencyKeys.exit(null);
    }

    @Override
    public void restore(String previous) {
        IdempotencyKeys.exit(previous);
    }
}
