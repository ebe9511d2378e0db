package dev.retrykit.core.shed;

/**
 * Immutable settings of a {@link LoadShedder}.
 *
 * @param enabled             when false nothing is shed
 * @param cpuThreshold        system CPU load in {@code [0, 1]} above which non-critical calls are shed
 * @param adaptiveConcurrency whether an adaptive concurrency limit, measured from latency, also sheds
 */
public record LoadSheddingConfig(boolean enabled, double cpuThreshold, boolean adaptiveConcurrency) {

    /** Default of PRODUCT.md: off, CPU threshold 0.9, adaptive concurrency on. */
    public static final LoadSheddingConfig DEFAULT = new LoadSheddingConfig(false, 0.9, true);

    /** Validates every field. */
    public LoadSheddingConfig {
        if (!(cpuThreshold >= 0 && cpuThreshold <= 1)) {
            throw new IllegalArgumentException("cpuThreshold must be in [0, 1]: " + cpuThreshold);
        }
    }
}
