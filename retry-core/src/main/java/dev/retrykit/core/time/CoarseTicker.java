package dev.retrykit.core.time;

import java.util.concurrent.locks.LockSupport;

/**
 * {@link System#nanoTime()} refreshed into a volatile field every millisecond by one daemon thread
 * ({@code retrykit-ticker}), started the first time it is read. Reading it costs a field load instead of a clock
 * call. When the machine is so busy that the thread is late, readings lag further: durations measured with it may
 * then come out shorter, never negative.
 */
final class CoarseTicker {

    private static final long TICK_NANOS = 1_000_000L;

    private static volatile long now = System.nanoTime();

    static {
        Thread ticker = new Thread(CoarseTicker::run, "retrykit-ticker");
        ticker.setDaemon(true);
        ticker.start();
    }

    private CoarseTicker() {
    }

    static long now() {
        return now;
    }

    private static void run() {
        while (true) {
            LockSupport.parkNanos(TICK_NANOS);
            now = System.nanoTime();
        }
    }
}
