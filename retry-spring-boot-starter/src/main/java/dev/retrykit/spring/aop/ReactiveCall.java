package dev.retrykit.spring.aop;

import dev.retrykit.core.CallOptions;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What one subscription of a Reactor method's guarded publisher is bound to: its call options (a fallback that may
 * capture the subscriber's context), its idempotency key, whether its value was the operation's own (not a
 * fallback's), and what to do with such a value (remember it for the stale cache). Immutable.
 *
 * @param options      the call's options
 * @param key          the idempotency key, or {@code null}
 * @param ownValue     read after the call succeeded: whether the value is the operation's own
 * @param onOwnValue   receives the call's value when it succeeded, or {@code null}
 */
record ReactiveCall(CallOptions options, String key, BooleanSupplier ownValue, Consumer<Object> onOwnValue) {

    /** A call with fixed options, no key and nothing to remember. */
    static ReactiveCall plain(CallOptions options) {
        return new ReactiveCall(options, null, () -> true, null);
    }
}
