package dev.retrykit.benchmarks;

import java.util.concurrent.CompletableFuture;

/**
 * The guarded operation of every benchmark: it returns a constant, so a benchmark measures the library around it
 * and nothing else. Each library gets the same call through its own functional interface, built once.
 */
final class Work {

    /** What every operation returns. */
    static final String RESULT = "ok";

    /** An already-completed future, for the asynchronous path. */
    static final CompletableFuture<String> COMPLETED = CompletableFuture.completedFuture(RESULT);

    private Work() {
    }

    /** The trivial operation. */
    static String run() {
        return RESULT;
    }

    /** The trivial asynchronous operation. */
    static CompletableFuture<String> runAsync() {
        return COMPLETED;
    }

    /**
     * An operation whose odd invocations fail and even ones succeed: every guarded call sees one failure, then a
     * success on its retry. Not thread-safe; used by single-threaded benchmarks only.
     */
    static final class Flaky {
        private boolean failNext = true;

        String run() {
            boolean fail = failNext;
            failNext = !fail;
            if (fail) {
                throw TransientFailure.INSTANCE;
            }
            return RESULT;
        }
    }

    /**
     * The failure of {@link Flaky}: one shared instance without stack trace or suppressed list, so the failing
     * path measures the libraries' retry handling rather than the cost of building exceptions.
     */
    static final class TransientFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        static final TransientFailure INSTANCE = new TransientFailure();

        private TransientFailure() {
            super("transient failure", null, false, false);
        }
    }
}
