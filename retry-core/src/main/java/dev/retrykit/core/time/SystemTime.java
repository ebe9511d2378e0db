package dev.retrykit.core.time;

/** The real clock and sleeper of the JVM. */
enum SystemTime implements Clock, Sleeper {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /** Read from a field that a daemon thread refreshes every millisecond, started on first use. */
    @Override
    public long coarseNanoTime() {
        return CoarseTicker.now();
    }

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public void sleep(long nanos) throws InterruptedException {
        if (nanos <= 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            return;
        }
        Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
    }
}
