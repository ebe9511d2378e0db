package dev.retrykit.core.testsupport;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A dependency for fault tests: every body counts itself while it runs (now and the most at once), and hangs until
 * {@link #release()} — ignoring interrupts when asked to, like a blocking HTTP client that does not react to them.
 * Thread-safe.
 */
public final class HangingDependency {

    private final boolean ignoresInterrupts;
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();

    private HangingDependency(boolean ignoresInterrupts) {
        this.ignoresInterrupts = ignoresInterrupts;
    }

    /** Bodies hang until released and ignore interrupts meanwhile. */
    public static HangingDependency ignoringInterrupts() {
        return new HangingDependency(true);
    }

    /** Bodies hang until released or interrupted. */
    public static HangingDependency interruptible() {
        return new HangingDependency(false);
    }

    /** One body: hangs, then returns {@code "late"}. */
    public String call() throws InterruptedException {
        started.incrementAndGet();
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            while (true) {
                try {
                    if (released.await(30, TimeUnit.SECONDS)) {
                        return "late";
                    }
                    throw new IllegalStateException("a fault test never released its hanging dependency");
                } catch (InterruptedException interrupted) {
                    if (!ignoresInterrupts) {
                        throw interrupted;
                    }
                }
            }
        } finally {
            running.decrementAndGet();
        }
    }

    /** Lets every hanging body return. */
    public void release() {
        released.countDown();
    }

    /** Bodies running now. */
    public int running() {
        return running.get();
    }

    /** The most bodies that ran at once. */
    public int mostAtOnce() {
        return mostAtOnce.get();
    }

    /** Bodies started so far. */
    public int started() {
        return started.get();
    }
}
