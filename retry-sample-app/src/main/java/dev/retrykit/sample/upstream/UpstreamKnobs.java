package dev.retrykit.sample.upstream;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The flaky upstream's knobs: share of requests that fail and latency added to each. Thread-safe; changed at
 * runtime through {@code POST /upstream/knobs}.
 */
public final class UpstreamKnobs {

    private volatile double failureRate;
    private volatile long latencyMillis;
    private volatile double throttleRate;

    /** Starts with the given failure rate, no latency and a 20 % chance of 429 on the AI endpoint. */
    public UpstreamKnobs(double failureRate) {
        this.failureRate = failureRate;
        this.throttleRate = 0.2;
    }

    /** Share of requests that fail, 0..1. */
    public double failureRate() {
        return failureRate;
    }

    /** Latency added to each request. */
    public long latencyMillis() {
        return latencyMillis;
    }

    /** Share of AI requests answered 429 with Retry-After. */
    public double throttleRate() {
        return throttleRate;
    }

    /** Applies new values; {@code null} keeps the current one. Values are clamped to their range. */
    public void update(Double failureRate, Long latencyMillis, Double throttleRate) {
        if (failureRate != null) {
            this.failureRate = Math.max(0, Math.min(1, failureRate));
        }
        if (latencyMillis != null) {
            this.latencyMillis = Math.max(0, Math.min(10_000, latencyMillis));
        }
        if (throttleRate != null) {
            this.throttleRate = Math.max(0, Math.min(1, throttleRate));
        }
    }

    boolean shouldFail() {
        return ThreadLocalRandom.current().nextDouble() < failureRate;
    }

    boolean shouldThrottle() {
        return ThreadLocalRandom.current().nextDouble() < throttleRate;
    }

    void delay() throws InterruptedException {
        long latency = latencyMillis;
        if (latency > 0) {
            Thread.sleep(latency);
        }
    }
}
