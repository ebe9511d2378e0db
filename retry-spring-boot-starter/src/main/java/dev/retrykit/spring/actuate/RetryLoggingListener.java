package dev.retrykit.spring.actuate;

import dev.retrykit.core.GiveUpReason;
import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.event.RetryEventListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs what an operator needs to follow a service through an outage, under the logger
 * {@code dev.retrykit.spring.actuate.RetryLoggingListener}, with durations written for people ({@code 250ms},
 * {@code 1.2s}, {@code 2m30s}):
 * <ul>
 *   <li>WARN, one line per retry that is actually scheduled: service, attempt n/max, the delay, the failure. A retry
 *       that the open breaker would refuse is not scheduled, so it is not announced either;</li>
 *   <li>WARN, one line when a call gives up, saying why: attempts exhausted, deadline, {@code Retry-After} beyond
 *       {@code max-delay}, budget, breaker open, bulkhead full (a non-retryable failure, which the application
 *       reports itself, only at DEBUG), with the attempts made, the time taken and the last failure;</li>
 *   <li>WARN when a breaker opens, INFO for its other transitions (forced open, half-open, closed, disabled).</li>
 * </ul>
 * Calls refused before their first attempt are not logged one by one (the breaker's opening is). It never logs method
 * arguments, return values or idempotency keys: the events it listens to do not carry them. A failure's message is
 * the only text that comes from the application, so it is cut to {@value #MESSAGE_LIMIT} characters and its line
 * breaks are flattened to keep one event on one line.
 *
 * <p>Thread-safe and stateless; nothing is formatted unless the level is enabled.
 */
public class RetryLoggingListener implements RetryEventListener {

    /** The most characters of a failure's message that are logged. */
    public static final int MESSAGE_LIMIT = 200;

    private static final Log logger = LogFactory.getLog(RetryLoggingListener.class);

    /** No duration is logged: a successful call reads no clock for this listener. */
    @Override
    public boolean needsAttemptDurations() {
        return false;
    }

    /** No duration is logged: a successful call reads no clock for this listener. */
    @Override
    public boolean needsCallDurations() {
        return false;
    }

    @Override
    public void onRetryScheduled(String service, int nextAttempt, int maxAttempts, long delayNanos, Throwable lastError) {
        if (logger.isWarnEnabled()) {
            logger.warn("Retrying service '" + service + "' (attempt " + nextAttempt + "/" + maxAttempts + ") in "
                    + humanDuration(delayNanos) + " after " + describe(lastError));
        }
    }

    @Override
    public void onGaveUp(String service, int attempts, long elapsedNanos, GiveUpReason reason, Throwable lastError) {
        boolean warn = reason != GiveUpReason.NOT_RETRYABLE;
        if (warn ? logger.isWarnEnabled() : logger.isDebugEnabled()) {
            String line = "Service '" + service + "' gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts")
                    + (elapsedNanos > 0 ? " in " + humanDuration(elapsedNanos) : "") + ": " + reason.description()
                    + "; last " + (lastError == null ? "result rejected by retryOnResult" : "failure " + describe(lastError));
            if (warn) {
                logger.warn(line);
            } else {
                logger.debug(line);
            }
        }
    }

    @Override
    public void onStateTransition(String service, CircuitState from, CircuitState to) {
        if (to == CircuitState.OPEN) {
            if (logger.isWarnEnabled()) {
                logger.warn("Circuit breaker of service '" + service + "' opened (from " + from
                        + "): calls are refused until a trial succeeds");
            }
        } else if (logger.isInfoEnabled()) {
            logger.info("Circuit breaker of service '" + service + "' moved from " + from + " to " + to);
        }
    }

    private static String describe(Throwable error) {
        return error == null ? "a result rejected by retryOnResult"
                : error.getClass().getName() + ": " + shorten(error.getMessage());
    }

    static String shorten(String message) {
        if (message == null) {
            return "(no message)";
        }
        String oneLine = message.replace('\r', ' ').replace('\n', ' ');
        return oneLine.length() <= MESSAGE_LIMIT ? oneLine : oneLine.substring(0, MESSAGE_LIMIT) + "...";
    }

    /**
     * A duration as people write it: {@code 0ms}, {@code <1ms}, {@code 250ms} below a second, {@code 1.2s} (one
     * decimal, none when whole) below a minute, {@code 2m30s} below an hour, {@code 1h5m} above.
     *
     * @param nanos the duration in nanoseconds; negative counts as 0
     * @return the text
     */
    static String humanDuration(long nanos) {
        if (nanos <= 0) {
            return "0ms";
        }
        if (nanos < 999_500_000L) {
            long millis = (nanos + 500_000L) / 1_000_000L;
            return millis == 0 ? "<1ms" : millis + "ms";
        }
        long tenths = (nanos + 50_000_000L) / 100_000_000L;
        if (tenths < 600) {
            return tenths % 10 == 0 ? tenths / 10 + "s" : tenths / 10 + "." + tenths % 10 + "s";
        }
        long seconds = (nanos + 500_000_000L) / 1_000_000_000L;
        if (seconds < 3600) {
            return seconds / 60 + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
        }
        long minutes = (seconds + 30) / 60;
        return minutes / 60 + "h" + (minutes % 60 == 0 ? "" : minutes % 60 + "m");
    }
}
