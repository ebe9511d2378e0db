package dev.retrykit.core.history;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a {@link HistoryRecorder} samples and how far back it keeps samples.
 *
 * @param interval  time between two samples; at least {@link #MIN_INTERVAL}
 * @param retention how far back samples are kept; at least one interval, at most {@link #MAX_SAMPLES} intervals
 */
public record HistoryConfig(Duration interval, Duration retention) {

    /** The shortest interval allowed. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    /** The most samples kept per service. */
    public static final int MAX_SAMPLES = 3_600;

    /** Validates the values; the messages name the value and what is allowed. */
    public HistoryConfig {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(retention, "retention");
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("interval " + interval + " is too short; use at least " + MIN_INTERVAL);
        }
        long samples = retention.toNanos() / interval.toNanos();
        if (samples < 1 || samples > MAX_SAMPLES) {
            throw new IllegalArgumentException("retention " + retention + " keeps " + samples + " samples of "
                    + interval + "; use between one interval and " + MAX_SAMPLES + " intervals");
        }
    }

    /** Ten minutes at one sample per second. */
    public static HistoryConfig defaults() {
        return new HistoryConfig(Duration.ofSeconds(1), Duration.ofMinutes(10));
    }

    /** How many samples are kept per service: {@code retention / interval}. */
    public int capacity() {
        return (int) (retention.toNanos() / interval.toNanos());
    }
}
