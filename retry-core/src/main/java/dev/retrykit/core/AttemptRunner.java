package dev.retrykit.core;

import dev.retrykit.core.internal.CompiledPolicy;
import dev.retrykit.core.internal.Throwables;

/**
 * Runs one blocking attempt: on the caller's thread ({@link DirectAttempt}), on a worker under the per-attempt
 * timeout ({@link TimedAttempt}), or with hedges ({@link HedgedAttempt}). Chosen once per compiled policy by
 * {@link #forPolicy}, never per attempt.
 *
 * <p>A runner owns the attempt's bulkhead permit (taken by {@link Admission#acquireAttemptPermit} when the policy has
 * a bulkhead) and gives it back when the attempt's body has returned — for an attempt abandoned by its timeout that
 * is when the body finally ends, not when the caller stopped waiting.
 *
 * <p>Implementations are stateless and thread-safe.
 */
interface AttemptRunner {

    /**
     * Runs {@code operation} once with {@code argument}.
     *
     * @return the operation's value
     * @throws WorkerUnavailable when no worker thread could be had (the permit is given back; nothing ran)
     * @throws WorkerInterrupted when the operation failed with an {@link InterruptedException} on a worker
     * @throws InterruptedException when the caller was interrupted while waiting for a worker's result
     * @throws Throwable the operation's own failure, or {@link AttemptTimeoutException}
     */
    <A, T> T run(CheckedFunction<? super A, ? extends T> operation, A argument, CompiledPolicy p, long deadline)
            throws Throwable;

    /** The runner of {@code p}'s attempts. */
    static AttemptRunner forPolicy(CompiledPolicy p, GuardedService service) {
        if (p.hedgingEnabled) {
            return new HedgedAttempt(service);
        }
        if (p.perAttemptNanos != CompiledPolicy.NONE) {
            return new TimedAttempt(service);
        }
        return new DirectAttempt(service.admission);
    }

    /** Runs {@code operation}, rethrowing its checked failures unchanged; for worker tasks. */
    static <T> T callUnchecked(CheckedSupplier<? extends T> operation) {
        try {
            return operation.get();
        } catch (Throwable t) {
            throw Throwables.rethrow(t);
        }
    }

    /** No worker could be had for an attempt: a rejection of the call, never the dependency's failure. */
    final class WorkerUnavailable extends Exception {
        private static final long serialVersionUID = 1L;

        WorkerUnavailable() {
            super("no worker thread free", null, false, false);
        }
    }

    /**
     * Carries an interrupt of a worker thread past the caller-interrupt handling of the attempt loop: there it is
     * the operation's own failure, not an interrupt of the caller.
     */
    final class WorkerInterrupted extends Exception {
        private static final long serialVersionUID = 1L;

        WorkerInterrupted(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }

        /** The failure to hand to the attempt loop for {@code workerFailure}. */
        static Throwable wrap(Throwable workerFailure) {
            return workerFailure instanceof InterruptedException ? new WorkerInterrupted(workerFailure) : workerFailure;
        }
    }
}
