package dev.retrykit.spring.cloud.circuitbreaker;

import dev.retrykit.core.CallOptions;
import dev.retrykit.core.GuardedService;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.NoFallbackAvailableException;

/**
 * A blocking Spring Cloud {@link CircuitBreaker} that runs each call as one guarded call of a retrykit service: the
 * service's whole policy (retries with backoff, breaker, budgets, bulkhead, timeouts) on the calling thread, then the
 * fallback. A call served by the fallback is counted with outcome {@code fallback}. Thread-safe.
 */
final class RetrykitCircuitBreaker implements CircuitBreaker {

    private static final String NO_FALLBACK = "No fallback available.";

    private final GuardedService service;
    private final CallOptions options;

    RetrykitCircuitBreaker(BoundService bound) {
        this.service = bound.service();
        this.options = bound.options();
    }

    /**
     * Runs {@code toRun} under the service's policy; a failure that survives it (the last original exception, or a
     * {@code CallRejectedException}) is handed to {@code fallback}.
     */
    @Override
    public <T> T run(Supplier<T> toRun, Function<Throwable, T> fallback) {
        return service.call(toRun::get, options.withCallBindings(fallback::apply, null));
    }

    /**
     * Runs {@code toRun} under the service's policy; a failure that survives it is thrown as a
     * {@link NoFallbackAvailableException} with that failure as its cause (Spring Cloud CircuitBreaker's contract), and
     * counted with its own outcome, not as a fallback.
     */
    @Override
    public <T> T run(Supplier<T> toRun) {
        try {
            return service.call(toRun::get, options);
        } catch (RuntimeException failure) {
            throw new NoFallbackAvailableException(NO_FALLBACK, failure);
        }
    }

    @Override
    public String toString() {
        return "RetrykitCircuitBreaker[" + service.name() + "]";
    }
}
