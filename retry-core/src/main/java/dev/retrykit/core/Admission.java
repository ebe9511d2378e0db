package dev.retrykit.core;

import dev.retrykit.core.breaker.CircuitBreaker;
import dev.retrykit.core.bulkhead.Bulkhead;
import dev.retrykit.core.internal.CompiledPolicy;
import dev.retrykit.core.time.Clock;

/**
 * The gates in front of an attempt and the rejections they answer with: the bulkhead permit of one attempt (bounded
 * wait, never past the deadline) and the exceptions for a full bulkhead, an open breaker, load shedding and an
 * exhausted worker pool. The permit taken by {@link #acquireAttemptPermit} belongs to the attempt: the attempt runner
 * gives it back with {@link #releaseAttemptPermit} once that attempt's body has returned (see {@link AttemptRunner}).
 *
 * <p>Stateless; thread-safe.
 */
final class Admission {

    private final String name;
    private final Clock clock;
    private final Bulkhead bulkhead;
    private final CircuitBreaker breaker;

    Admission(String name, Clock clock, Bulkhead bulkhead, CircuitBreaker breaker) {
        this.name = name;
        this.clock = clock;
        this.bulkhead = bulkhead;
        this.breaker = breaker;
    }

    /**
     * Takes the bulkhead permit of one attempt when the policy has a bulkhead, waiting at most the configured
     * {@code max-wait}, cut at the deadline.
     *
     * @return {@code null} when the attempt may run (holding a permit if the policy has a bulkhead), else the rejection
     */
    CallRejectedException acquireAttemptPermit(CompiledPolicy p, long deadline) {
        if (!p.bulkheadEnabled || bulkhead.tryAcquire()) {
            return null;
        }
        long wait = p.bulkheadMaxWaitNanos;
        boolean deadlineBound = false;
        if (deadline != CompiledPolicy.NONE) {
            long remaining = deadline - clock.nanoTime();
            if (remaining < wait) {
                wait = Math.max(0, remaining);
                deadlineBound = true;
            }
        }
        try {
            if (wait > 0 && bulkhead.tryAcquire(wait)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new BulkheadFullException(name, "interrupted while waiting for a bulkhead permit of service '" + name + "'");
        }
        return deadlineBound ? noPermitBeforeDeadline() : bulkheadFull(p);
    }

    DeadlineExceededException noPermitBeforeDeadline() {
        return new DeadlineExceededException(name, "no bulkhead permit of service '" + name + "' before the deadline");
    }

    /** Takes a bulkhead permit without waiting (asynchronous attempts and hedges); true when none is needed. */
    boolean tryAcquireAttemptPermit(CompiledPolicy p) {
        return !p.bulkheadEnabled || bulkhead.tryAcquire();
    }

    /** Gives back the permit of an attempt whose body has returned (nothing when the policy has no bulkhead). */
    void releaseAttemptPermit(CompiledPolicy p) {
        if (p.bulkheadEnabled) {
            bulkhead.release();
        }
    }

    LoadShedException loadShed() {
        return new LoadShedException(name, "service '" + name + "' is over its concurrency limit");
    }

    BulkheadFullException bulkheadFull(CompiledPolicy p) {
        return new BulkheadFullException(name, "bulkhead of service '" + name + "' is full ("
                + p.policy.bulkhead().maxConcurrentCalls() + " concurrent calls)");
    }

    BulkheadFullException workersExhausted() {
        return new BulkheadFullException(name, "no worker thread free for an attempt of service '" + name
                + "' (the attempt executor refused it)");
    }

    CircuitOpenException circuitOpen() {
        return new CircuitOpenException(name, "circuit breaker of service '" + name + "' is " + breaker.state());
    }
}
