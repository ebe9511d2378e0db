package dev.retrykit.core.breaker;

/**
 * A snapshot of a breaker's window. Rates are fractions in {@code [0, 1]}, computed over the buffered calls even
 * before {@code minimumCalls} is reached (0 when nothing is buffered).
 *
 * @param failureRate       failed / buffered
 * @param slowCallRate      slow / buffered
 * @param bufferedCalls     calls in the window
 * @param failedCalls       failed calls in the window
 * @param notPermittedCalls calls rejected since the breaker was created
 */
public record CircuitBreakerMetrics(double failureRate, double slowCallRate, int bufferedCalls, int failedCalls,
                                    long notPermittedCalls) {
}
