package dev.retrykit.test;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.breaker.CircuitState;
import java.util.List;
import org.assertj.core.api.AssertProvider;

/**
 * The calls one service finished during the running test, and its breaker. An {@link AssertProvider}, so AssertJ's own
 * {@code assertThat(retries("payments"))} gives a {@link ServiceCallsAssert}.
 *
 * @param service  the service name
 * @param calls    finished calls, oldest first
 * @param guarded  the service in the registry, or null when it was never used nor configured
 */
public record ServiceCalls(String service, List<CallRecord> calls, GuardedService guarded) implements AssertProvider<ServiceCallsAssert> {

    /** The most recent call, or null when there was none. */
    public CallRecord last() {
        return calls.isEmpty() ? null : calls.get(calls.size() - 1);
    }

    /** Attempts summed over every call. */
    public int attempts() {
        return calls.stream().mapToInt(CallRecord::attempts).sum();
    }

    /** Retries (attempts after the first) summed over every call. */
    public int retries() {
        return calls.stream().mapToInt(call -> Math.max(0, call.attempts() - 1)).sum();
    }

    /** The breaker's state now, or null when the service does not exist. */
    public CircuitState breakerState() {
        return guarded == null ? null : guarded.circuitBreaker().state();
    }

    @Override
    public ServiceCallsAssert assertThat() {
        return new ServiceCallsAssert(this);
    }
}
