package dev.retrykit.core;

/**
 * Carries the caller's thread context into attempts that run on retrykit's worker threads (attempts under a
 * per-attempt timeout or hedging; a total deadline alone keeps attempts on the caller's thread), like Spring's {@code TaskDecorator}: called on the caller's
 * thread, it returns an attempt that restores what it captured around the original one. Register it with
 * {@link ServiceRegistry.Builder#attemptDecorator(AttemptDecorator)}; the Spring starter applies every bean of this
 * type after its own decorator, which carries every thread-local known to Micrometer context-propagation (the current
 * observation, the idempotency key, ...) when that library is present and the current idempotency key otherwise
 * ({@link dev.retrykit.core.idempotency.IdempotencyKeys#propagation()}). A decorator is for context that such a
 * snapshot cannot carry.
 *
 * <p>Implementations must be thread-safe. They are not called for attempts that run on the caller's own thread.
 */
@FunctionalInterface
public interface AttemptDecorator {

    /** The attempt to run on another thread, wrapping {@code attempt} with the caller's context. */
    <T> CheckedSupplier<T> decorate(CheckedSupplier<T> attempt);

    /** Applies {@code this}, then {@code next} around it. */
    default AttemptDecorator andThen(AttemptDecorator next) {
        AttemptDecorator first = this;
        return new AttemptDecorator() {
            @Override
            public <T> CheckedSupplier<T> decorate(CheckedSupplier<T> attempt) {
                return next.decorate(first.decorate(attempt));
            }
        };
    }

    /** Decorates nothing. */
    static AttemptDecorator none() {
        return new AttemptDecorator() {
            @Override
            public <T> CheckedSupplier<T> decorate(CheckedSupplier<T> attempt) {
                return attempt;
            }
        };
    }
}
