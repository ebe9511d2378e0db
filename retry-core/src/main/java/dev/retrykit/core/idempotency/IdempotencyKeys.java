package dev.retrykit.core.idempotency;

import dev.retrykit.core.AttemptDecorator;
import dev.retrykit.core.CheckedSupplier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashing of idempotency keys (keys are never stored or logged in clear) and the key of the call running on the
 * current thread, which HTTP integrations send as the {@code Idempotency-Key} header.
 */
public final class IdempotencyKeys {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private IdempotencyKeys() {
    }

    /** SHA-256 of {@code service + ':' + key}, hex encoded: the form stored and logged. */
    public static String hash(String service, String key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] bytes = digest.digest((service + ':' + key).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The idempotency key of the keyed call running on this thread, or {@code null}. */
    public static String current() {
        return CURRENT.get();
    }

    /**
     * An {@link AttemptDecorator} that makes the caller's current key visible in attempts on retrykit's worker
     * threads, so HTTP integrations send the same {@code Idempotency-Key} there.
     */
    public static AttemptDecorator propagation() {
        return PROPAGATION;
    }

    private static final AttemptDecorator PROPAGATION = new AttemptDecorator() {
        @Override
        public <T> CheckedSupplier<T> decorate(CheckedSupplier<T> attempt) {
            String key = CURRENT.get();
            if (key == null) {
                return attempt;
            }
            return () -> {
                String previous = enter(key);
                try {
                    return attempt.get();
                } finally {
                    exit(previous);
                }
            };
        }
    };

    /** Runs {@code supplier} with {@code key} as the current key, restoring the previous one afterwards. */
    public static <T> T supplyWith(String key, java.util.function.Supplier<? extends T> supplier) {
        if (key == null) {
            return supplier.get();
        }
        String previous = enter(key);
        try {
            return supplier.get();
        } finally {
            exit(previous);
        }
    }

    /**
     * Makes {@code key} the current key of this thread, returning the previous one to give to {@link #exit(String)};
     * for code that carries thread context itself (context-propagation accessors).
     */
    public static String enter(String key) {
        String previous = CURRENT.get();
        CURRENT.set(key);
        return previous;
    }

    /** Restores the key returned by {@link #enter(String)}; {@code null} clears it. */
    public static void exit(String previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
