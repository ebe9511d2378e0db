package dev.retrykit.core.idempotency;

import dev.retrykit.core.CallRejectedException;
import dev.retrykit.core.CheckedSupplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The attempt bodies one keyed call has started, on whatever thread they run. A guarded service may give up on an
 * attempt (a per-attempt timeout, a losing hedge) while its body still runs on a worker; a key must stay claimed
 * until that body has really returned. So the key of a call that failed (or was answered by a fallback) is
 * released on the last of: the call ended, its last body returned. A call that succeeded stores its result at once;
 * bodies still running then never release the key. Until the key is stored or released, its in-flight lease is
 * renewed, so a body that runs longer than one lease keeps the key, and a key whose owner died frees itself.
 *
 * <p>Made by {@link IdempotentCalls} for each call that owns its key, never for calls without a key. Wrap the
 * operation given to the guarded service with {@link #holdingKey} (blocking) or {@link #holdingKeyAsync}; a body
 * that would start after the call ended is refused with a {@link CallRejectedException} and never runs. Thread-safe.
 */
public final class KeyedAttempts {

    private final IdempotentCalls calls;
    private final String service;
    private final String hash;
    private final LeaseRenewal renewal;
    /** Guarded by {@code this}: bodies running now, whether the call ended, and whether its key is to be freed. */
    private int running;
    private boolean ended;
    private boolean releaseAtEnd;

    KeyedAttempts(IdempotentCalls calls, String service, String hash, LeaseRenewal renewal) {
        this.calls = calls;
        this.service = service;
        this.hash = hash;
        this.renewal = renewal;
    }

    /**
     * {@code operation} as the blocking operation to hand to the guarded service: each run of it (every attempt and
     * hedge, on any thread) holds the key until it returns or throws.
     */
    public <T> CheckedSupplier<T> holdingKey(CheckedSupplier<T> operation) {
        return () -> {
            enter();
            try {
                return operation.get();
            } finally {
                exit();
            }
        };
    }

    /**
     * {@code operation} as the asynchronous operation to hand to the guarded service: each run of it holds the key
     * until the stage it returned completes (a cancelled stage counts as completed), or until it throws.
     */
    public <T> Supplier<CompletionStage<T>> holdingKeyAsync(Supplier<? extends CompletionStage<T>> operation) {
        return () -> {
            if (!tryEnter()) {
                return CompletableFuture.failedFuture(lateAttempt());
            }
            CompletionStage<T> stage;
            try {
                stage = operation.get();
            } catch (RuntimeException | Error failure) {
                exit();
                throw failure;
            }
            if (stage == null) {
                exit();
                return null;
            }
            stage.whenComplete((value, error) -> exit());
            return stage;
        };
    }

    /**
     * The call ended with its operation's own value: its result is stored (the caller does so right after), no late
     * body releases the key, and its lease is no longer renewed.
     */
    void callSucceeded() {
        synchronized (this) {
            ended = true;
        }
        renewal.stop();
    }

    /** The call failed or was degraded: its key is released now, or when its last body returns. */
    void callFailed() {
        boolean release;
        synchronized (this) {
            ended = true;
            releaseAtEnd = true;
            release = running == 0;
        }
        if (release) {
            renewal.stop();
            calls.releaseQuietly(hash);
        }
    }

    private void enter() {
        if (!tryEnter()) {
            throw lateAttempt();
        }
    }

    private synchronized boolean tryEnter() {
        if (ended) {
            return false;
        }
        running++;
        return true;
    }

    private void exit() {
        boolean release;
        synchronized (this) {
            running--;
            release = running == 0 && releaseAtEnd;
        }
        if (release) {
            renewal.stop();
            calls.releaseQuietly(hash);
        }
    }

    private CallRejectedException lateAttempt() {
        return new CallRejectedException(service, "the keyed call of service '" + service
                + "' already ended; a late attempt is not started");
    }
}
