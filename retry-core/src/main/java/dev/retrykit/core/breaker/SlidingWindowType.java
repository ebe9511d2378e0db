package dev.retrykit.core.breaker;

/** How the breaker's sliding window is measured. */
public enum SlidingWindowType {
    /** The last {@code sliding-window-size} calls. */
    COUNT,
    /** The calls of the last {@code sliding-window-size} seconds. */
    TIME;

    /** The name as written in configuration ({@code count}, {@code time}). */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
