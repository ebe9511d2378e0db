package dev.retrykit.spring.actuate;

import dev.retrykit.core.breaker.CircuitState;
import dev.retrykit.core.event.RetryEventListener;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Writes one WARN line per scheduled retry (service, attempt n/max, delay, exception class and message cut to
 * {@value #MESSAGE_LIMIT} characters) and one INFO line per breaker transition, under the logger
 * {@code dev.retrykit.spring.actuate.RetryLoggingListener}. It never logs method arguments, return values or
 * idempotency keys: the events it listens to do not carry them. A failure's message is the only text that comes
 * from the application, so line breaks in it are flattened to keep one event on one line.
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
            String cause = lastError == null ? "a result rejected by retryOnResult"
                    : lastError.getClass().getName() + ": " + shorten(lastError.getMessage());
            logger.warn("Retrying service '" + service + "' (attempt " + nextAttempt + "/" + maxAttempts + ") in "
                    + Duration.ofNanos(delayNanos) + " after " + cause);
        }
    }

    @Override
    public void onStateTransition(String service, CircuitState from, CircuitState to) {
        if (logger.isInfoEnabled()) {
            logger.info("Circuit breaker of service '" + service + "' moved from " + from + " to " + to);
        }
    }

    static String shorten(String message) {
        if (message == null) {
            return "(no message)";
        }
        String oneLine = message.replace('\r', ' ').replace('\n', ' ');
        return oneLine.length() <= MESSAGE_LIMIT ? oneLine : oneLine.substring(0, MESSAGE_LIMIT) + "...";
    }
}
