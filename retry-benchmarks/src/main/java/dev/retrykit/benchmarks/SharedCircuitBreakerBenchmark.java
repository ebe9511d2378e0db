package dev.retrykit.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Threads;

/**
 * The benchmarks of {@link CircuitBreakerBenchmark} with two threads sharing each library's breaker (the state is
 * {@link Scope#Benchmark}): what contention on the breaker's state costs.
 */
@Threads(2)
public class SharedCircuitBreakerBenchmark extends CircuitBreakerBenchmark {
}
