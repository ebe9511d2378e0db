package dev.retrykit.test;

import dev.retrykit.core.Outcome;
import dev.retrykit.core.breaker.CircuitState;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on what a guarded service did in the running test:
 * {@code assertThat(retries("payments")).hadAttempts(3).endedWith(SUCCESS_AFTER_RETRY)}. Attempt and outcome
 * assertions are about the most recent call unless their name says otherwise.
 */
public final class ServiceCallsAssert extends AbstractAssert<ServiceCallsAssert, ServiceCalls> {

    ServiceCallsAssert(ServiceCalls actual) {
        super(actual, ServiceCallsAssert.class);
    }

    /** The service finished exactly {@code expected} calls in this test. */
    public ServiceCallsAssert hadCalls(int expected) {
        isNotNull();
        if (actual.calls().size() != expected) {
            failWithMessage("expected service '%s' to have finished %d calls but it finished %d: %s",
                    actual.service(), expected, actual.calls().size(), actual.calls());
        }
        return this;
    }

    /** The most recent call made {@code expected} attempts. */
    public ServiceCallsAssert hadAttempts(int expected) {
        CallRecord last = lastCall();
        if (last.attempts() != expected) {
            failWithMessage("expected the last call of service '%s' to have made %d attempts but it made %d (%s)",
                    actual.service(), expected, last.attempts(), last);
        }
        return this;
    }

    /** All calls together made {@code expected} retries (attempts after each call's first). */
    public ServiceCallsAssert hadRetries(int expected) {
        isNotNull();
        if (actual.retries() != expected) {
            failWithMessage("expected service '%s' to have retried %d times but it retried %d times: %s",
                    actual.service(), expected, actual.retries(), actual.calls());
        }
        return this;
    }

    /** The most recent call ended with {@code expected}. */
    public ServiceCallsAssert endedWith(Outcome expected) {
        CallRecord last = lastCall();
        if (last.outcome() != expected) {
            failWithMessage("expected the last call of service '%s' to end with %s but it ended with %s (%s)",
                    actual.service(), expected, last.outcome(), last);
        }
        return this;
    }

    /** Every call of this test ended with {@code expected}. */
    public ServiceCallsAssert allEndedWith(Outcome expected) {
        isNotNull();
        if (actual.calls().isEmpty() || actual.calls().stream().anyMatch(call -> call.outcome() != expected)) {
            failWithMessage("expected every call of service '%s' to end with %s but they were %s",
                    actual.service(), expected, actual.calls());
        }
        return this;
    }

    /** The service's breaker is in {@code expected} now. */
    public ServiceCallsAssert breakerIs(CircuitState expected) {
        isNotNull();
        if (actual.breakerState() != expected) {
            failWithMessage("expected the breaker of service '%s' to be %s but it is %s",
                    actual.service(), expected, actual.breakerState());
        }
        return this;
    }

    private CallRecord lastCall() {
        isNotNull();
        CallRecord last = actual.last();
        if (last == null) {
            failWithMessage("expected service '%s' to have finished a call in this test, but it finished none",
                    actual.service());
        }
        return last;
    }
}
