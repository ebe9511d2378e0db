package dev.retrykit.core;

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
    /** Stop: attempts, the deadline or the delay's cap ran out. */
    static final long STOP_EXHAUSTED = -2;
    /** Stop: a budget or the global limit refused the retry. */
    static final long STOP_BUDGET = -3;

    private final ServiceRegistry registry;
    private final RetryBudget budget;

    RetryDecision(ServiceRegistry registry, RetryBudget budget) {
        this.registry = registry;
        this.budget = budget;
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
     * code. On a delay the caller holds a global-limit slot ({@link #releaseRetryPermit()} when the retry ends).
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
            return STOP_EXHAUSTED;
        }
        if (p.respectRetryAfter && classification.retryAfter() != null) {
            long hint = classification.retryAfter().delayNanos(registry.clock);
            if (hint > p.maxDelayNanos) {
                return STOP_EXHAUSTED;
            }
            delay = Math.max(delay, hint);
        }
        if (deadline != CompiledPolicy.NONE && registry.clock.nanoTime() + delay >= deadline) {
            return STOP_EXHAUSTED;
        }
        return tryAcquireRetryPermit(p) ? Math.max(0, delay) : STOP_BUDGET;
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

    /** The outcome of a stop code. */
    static Outcome stopOutcome(long stopCode) {
        return stopCode == STOP_FAILURE ? Outcome.FAILURE : stopCode == STOP_BUDGET ? Outcome.BUDGET_EXHAUSTED : Outcome.EXHAUSTED;
    }
}
