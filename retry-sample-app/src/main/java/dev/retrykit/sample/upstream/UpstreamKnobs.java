package dev.retrykit.sample.upstream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The flaky upstream's knobs: share of requests that fail and latency added to each. Failures are spread evenly
 * (a rate of 0.4 fails 2 requests in 5, never 2 in a row), so demos and tests are repeatable. Thread-safe; changed at
 * runtime through {@code POST /upstream/knobs}.
 */
public final class UpstreamKnobs {

    private volatile double failureRate;
    private volatile long latencyMillis;
    private volatile double throttleRate;
    private volatile double catalogFailureRate;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong catalogRequests = new AtomicLong();
    private final AtomicLong aiRequests = new AtomicLong();

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

    /** Share of catalog requests that fail with 503 (the retry-storm scenario's brownout), 0..1. */
    public double catalogFailureRate() {
        return catalogFailureRate;
    }

    /** Sets the catalog's failure rate, clamped to 0..1. */
    public void updateCatalog(double failureRate) {
        this.catalogFailureRate = Math.max(0, Math.min(1, failureRate));
    }

    /** Requests the catalog endpoint received so far, failed ones included. */
    public long catalogRequests() {
        return catalogRequests.get();
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
        return evenly(requests.getAndIncrement(), failureRate);
    }

    boolean catalogShouldFail() {
        return evenly(catalogRequests.getAndIncrement(), catalogFailureRate);
    }

    boolean shouldThrottle() {
        return evenly(aiRequests.getAndIncrement(), throttleRate);
    }

    /** Whether request {@code n} is one of the {@code rate} share, spread as evenly as possible. */
    private static boolean evenly(long n, double rate) {
        return Math.floor((n + 1) * rate) > Math.floor(n * rate);
    }

    void delay() throws InterruptedException {
        long latency = latencyMillis;
        if (latency > 0) {
            Thread.sleep(latency);
        }
    }
}
