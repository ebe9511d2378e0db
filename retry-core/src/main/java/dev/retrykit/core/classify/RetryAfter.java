package dev.retrykit.core.classify;

import dev.retrykit.core.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A server's hint of the earliest time to retry, from an HTTP {@code Retry-After} header: either a delay in
 * seconds or an absolute HTTP-date. Immutable.
 */
public final class RetryAfter {

    private final long delayNanos;
    private final long epochMillis;

    private RetryAfter(long delayNanos, long epochMillis) {
        this.delayNanos = delayNanos;
        this.epochMillis = epochMillis;
    }

    /** A hint of "retry after this delay", counted from when the failure was seen. */
    public static RetryAfter ofDelay(Duration delay) {
        return new RetryAfter(Math.max(0, delay.toNanos()), -1);
    }

    /** A hint of "retry at this wall-clock instant" (epoch milliseconds). */
    public static RetryAfter atEpochMillis(long epochMillis) {
        return new RetryAfter(-1, epochMillis);
    }

    /**
     * Parses a {@code Retry-After} header value: delta-seconds ({@code "120"}) or an HTTP-date
     * ({@code "Wed, 21 Oct 2015 07:28:00 GMT"}).
     *
     * @return the hint, or {@code null} when the value is absent or malformed
     */
    public static RetryAfter parse(String headerValue) {
        if (headerValue == null) {
            return null;
        }
        String value = headerValue.trim();
        if (value.isEmpty()) {
            return null;
        }
        if (Character.isDigit(value.charAt(0))) {
            try {
                return ofDelay(Duration.ofSeconds(Long.parseLong(value)));
            } catch (NumberFormatException | ArithmeticException e) {
                return null;
            }
        }
        try {
            return atEpochMillis(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The wait this hint asks for, measured from now on {@code clock}; never negative. */
    public long delayNanos(Clock clock) {
        if (delayNanos >= 0) {
            return delayNanos;
        }
        return Math.max(0, (epochMillis - clock.currentTimeMillis()) * 1_000_000L);
    }

    @Override
    public String toString() {
        return delayNanos >= 0 ? "RetryAfter[" + Duration.ofNanos(delayNanos) + "]" : "RetryAfter[at " + epochMillis + "]";
    }
}
