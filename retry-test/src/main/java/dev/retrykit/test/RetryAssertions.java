package dev.retrykit.test;

import dev.retrykit.core.time.ManualClock;

/**
 * Entry points for tests annotated with {@link RetryTest}: {@code assertThat(retries("payments"))} (AssertJ's own
 * {@code assertThat}, or {@link #assertThat(ServiceCalls)} here) and the virtual clock of the running test.
 */
public final class RetryAssertions {

    private RetryAssertions() {
    }

    /** What {@code service} did in the running test. */
    public static ServiceCalls retries(String service) {
        return RetryTestSupport.current().calls(service);
    }

    /** The virtual clock of the running test (advance it to let breaker waits pass or async retries run). */
    public static ManualClock virtualClock() {
        return RetryTestSupport.current().clock();
    }

    /** Assertions on what {@code calls}' service did. */
    public static ServiceCallsAssert assertThat(ServiceCalls calls) {
        return new ServiceCallsAssert(calls);
    }
}
