package dev.retrykit.spring.aop;

import dev.retrykit.core.CallOptions;
import java.lang.reflect.Type;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What one subscription of a Reactor method's guarded publisher is bound to: its call options (a fallback that may
 * capture the subscriber's context), its idempotency key, whether its value was the operation's own (not a
 * fallback's), and what to do with such a value (remember it for the stale cache). Immutable.
 *
 * @param options      the call's options
 * @param key          the idempotency key, or {@code null}
 * @param resultType   the declared type of the value stored for the key (a stored duplicate is read back as it)
 * @param ownValue     read after the call succeeded: whether the value is the operation's own
 * @param onOwnValue   receives the call's value when it succeeded, or {@code null}
 */
record ReactiveCall(CallOptions options, String key, Type resultType, BooleanSupplier ownValue,
                    Consumer<Object> onOwnValue) {

    /** A call with fixed options, no key and nothing to remember. */
    static ReactiveCall plain(CallOptions options) {
        return new ReactiveCall(options, null, Object.class, () -> true, null);
    }
}
