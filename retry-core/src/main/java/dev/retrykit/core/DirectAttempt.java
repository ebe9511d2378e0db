package dev.retrykit.core;

import dev.retrykit.core.internal.CompiledPolicy;

/**
 * Runs the attempt on the caller's own thread, so thread-locals, the caller's transaction and security context stay
 * with it; a total deadline bounds only the start of attempts and the waits between them. Allocates nothing.
 */
final class DirectAttempt implements AttemptRunner {

    private final Admission admission;

    DirectAttempt(Admission admission) {
        this.admission = admission;
    }

    @Override
    public <A, T> T run(CheckedFunction<? super A, ? extends T> operation, A argument, CompiledPolicy p, long deadline)
            throws Throwable {
        try {
            return operation.apply(argument);
        } finally {
            admission.releaseAttemptPermit(p);
        }
    }
}
