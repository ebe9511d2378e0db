package dev.retrykit.core;

import dev.retrykit.core.breaker.CircuitBreaker;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.budget.RetryBudget;
import dev.retrykit.core.classify.Classification;
import dev.retrykit.core.internal.CompiledPolicy;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Whether and when a failed attempt is retried: classification, attempts left, the backoff delay, {@code Retry-After},
 * the deadline, and the three gates a retry (or a hedge) must pass — the global limit of retries in flight, the
 * service budget and the global budget. A retry refused by one gate spends nothing from the others: gates already
 * passed are given back.
 *
 * <p>Stateless; thread-safe.
 */
final class RetryDecision {

    /** Stop: the failure is not retryable. */
    static final long STOP_FAILURE = -1;
    /** Stop: every attempt allowed has been made. */
    static final long STOP_EXHAUSTED = -2;
    /** Stop: a budget or the global limit refused the retry. */
    static final long STOP_BUDGET = -3;
    /** Stop: the next attempt could not start before the deadline. */
    static final long STOP_DEADLINE = -4;
    /** Stop: {@code Retry-After} lies beyond {@code max-delay} or the deadline. */
    static final long STOP_RETRY_AFTER = -5;
    /** Stop: the breaker is open and would still refuse the retry when its delay has passed. */
    static final long STOP_CIRCUIT_OPEN = -6;
    /** Stop: the backoff strategy threw. */
    static final long STOP_BACKOFF_FAILED = -7;

    private final ServiceRegistry registry;
    private final RetryBudget budget;
    private final CircuitBreaker breaker;

    RetryDecision(ServiceRegistry registry, RetryBudget budget, CircuitBreaker breaker) {
        this.registry = registry;
        this.budget = budget;
        this.breaker = breaker;
    }

    /** Attempts allowed for a call with {@code options}. */
    static int maxAttempts(CompiledPolicy p, CallOptions options) {
        if (!options.retries()) {
            return 1;
        }
        return options.maxAttempts() > 0 && !p.attemptsPinned ? options.maxAttempts() : p.maxAttempts;
    }

    /** A call started: it earns its share of the budgets. */
    void onCall(CompiledPolicy p) {
        if (p.budgetEnabled) {
            budget.onCall();
        }
        registry.globalBudget.onCall();
    }

    /** The verdict on {@code error}; a classifier that throws means "do not retry". */
    static Classification classify(CompiledPolicy p, CallOptions options, Throwable error) {
        if (error instanceof AttemptTimeoutException) {
            return Classification.RETRYABLE;
        }
        try {
            return p.classification.classify(error, options.extraClassifier());
        } catch (RuntimeException classifierFailure) {
            return Classification.NON_RETRYABLE;
        }
    }

    /**
     * Decides whether to retry after attempt {@code attempt}: returns the delay in nanoseconds, or a negative stop
     * code ({@link #stopReason(long)}). On a delay the caller holds a global-limit slot ({@link #releaseRetryPermit()}
     * when the retry ends). A retry that the open breaker would refuse anyway is not scheduled: the call stops at once
     * instead of sleeping, spending budget and announcing a retry that never runs.
     */
    long delayOrStop(CompiledPolicy p, Classification classification, int attempt, int max, long previousDelay,
                     long deadline) {
        if (!classification.retryable()) {
            return STOP_FAILURE;
        }
        if (attempt >= max) {
            return STOP_EXHAUSTED;
        }
        RandomGenerator random = registry.random != null ? registry.random : ThreadLocalRandom.current();
        long delay;
        try {
            delay = Math.min(p.strategy.delayNanos(attempt, previousDelay, random), p.maxDelayNanos);
        } catch (RuntimeException strategyFailure) {
            return STOP_BACKOFF_FAILED;
        }
        long backoff = delay;
        if (p.respectRetryAfter && classification.retryAfter() != null) {
            long hint = classification.retryAfter().delayNanos(registry.clock);
            if (hint > p.maxDelayNanos) {
                return STOP_RETRY_AFTER;
            }
            delay = Math.max(delay, hint);
        }
        if (deadline != CompiledPolicy.NONE) {
            long now = registry.clock.nanoTime();
            if (now + delay >= deadline) {
                return delay > backoff && now + backoff < deadline ? STOP_RETRY_AFTER : STOP_DEADLINE;
            }
        }
        if (breakerRefusesAfter(delay)) {
            return STOP_CIRCUIT_OPEN;
        }
        return tryAcquireRetryPermit(p) ? Math.max(0, delay) : STOP_BUDGET;
    }

    /** Whether the breaker is open now and still will be after {@code delay}: FORCED_OPEN, or OPEN for longer. */
    private boolean breakerRefusesAfter(long delay) {
        CircuitState state = breaker.state();
        return state == CircuitState.FORCED_OPEN
                || state == CircuitState.OPEN && breaker.remainingOpenNanos() > delay;
    }

    /**
     * Passes the gates of one retry or hedge: the global limit, the service budget, the global budget. All or
     * nothing: when one refuses, those already passed are given back.
     *
     * @return whether the retry may run; then the caller must {@link #releaseRetryPermit()} when it ends
     */
    boolean tryAcquireRetryPermit(CompiledPolicy p) {
        if (!registry.globalRetryLimit.tryAcquire()) {
            return false;
        }
        if (p.budgetEnabled && !budget.tryAcquireRetry()) {
            registry.globalRetryLimit.release();
            return false;
        }
        if (!registry.globalBudget.tryAcquireRetry()) {
            if (p.budgetEnabled) {
                budget.refundRetry();
            }
            registry.globalRetryLimit.release();
            return false;
        }
        return true;
    }

    /** Gives back the global-limit slot of a retry that ended (its budget tokens are spent). */
    void releaseRetryPermit() {
        registry.globalRetryLimit.release();
    }

    /** Why a call stopped, by its stop code; the reason's {@link GiveUpReason#outcome()} is the call's outcome. */
    static GiveUpReason stopReason(long stopCode) {
        return switch ((int) stopCode) {
            case (int) STOP_FAILURE -> GiveUpReason.NOT_RETRYABLE;
            case (int) STOP_BUDGET -> GiveUpReason.BUDGET;
            case (int) STOP_DEADLINE -> GiveUpReason.DEADLINE;
            case (int) STOP_RETRY_AFTER -> GiveUpReason.RETRY_AFTER_TOO_LONG;
            case (int) STOP_CIRCUIT_OPEN -> GiveUpReason.CIRCUIT_OPEN;
            case (int) STOP_BACKOFF_FAILED -> GiveUpReason.BACKOFF_FAILED;
            default -> GiveUpReason.ATTEMPTS_EXHAUSTED;
        };
    }
}
