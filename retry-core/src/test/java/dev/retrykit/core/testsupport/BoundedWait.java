package dev.retrykit.core.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition on real threads, polling, for at most a generous bound; fails the test when it passes. */
public final class BoundedWait {

    private BoundedWait() {
    }

    /** Returns once {@code condition} holds; throws {@link AssertionError} naming {@code what} after {@code atMost}. */
    public static void until(String what, Duration atMost, BooleanSupplier condition) {
        long end = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not within " + atMost.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
