package dev.retrykit.core.hedge;

import java.time.Duration;

/**
 * Immutable hedging settings: for idempotent calls only.
 *
 * @param enabled   whether extra attempts are started while the first is still running
 * @param delay     wait before each hedge; {@code null} = the service's observed p95 latency
 * @param maxHedges extra attempts at most; at least 1 when enabled
 */
public record HedgingConfig(boolean enabled, Duration delay, int maxHedges) {

    /** Default of PRODUCT.md: off, 200 ms, one hedge. */
    public static final HedgingConfig DEFAULT = new HedgingConfig(false, Duration.ofMillis(200), 1);

    /** Validates every field. */
    public HedgingConfig {
        if (enabled && maxHedges < 1) {
            throw new IllegalArgumentException("maxHedges must be at least 1 when hedging is enabled: " + maxHedges);
        }
        if (delay != null && delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
    }
}
