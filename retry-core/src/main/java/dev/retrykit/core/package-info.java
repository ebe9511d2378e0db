/**
 * The public entry points of retrykit's engine. A {@link dev.retrykit.core.ServiceRegistry} holds one
 * {@link dev.retrykit.core.GuardedService} per dependency, each built from an immutable
 * {@link dev.retrykit.core.ServicePolicy} (usually resolved from a template of the
 * {@link dev.retrykit.core.TemplateRegistry}); {@link dev.retrykit.core.CallOptions} carry what one call site adds.
 * Every call passes the layers in one fixed order, the same for blocking and asynchronous calls (see
 * {@link dev.retrykit.core.GuardedService} and {@code docs/faults.md}): load shedding, then the deadline
 * ({@code timeout.total}), then the retry loop with backoff, service and global budgets and the global limit of retries
 * in flight, then the circuit breaker (asked before and told after every attempt, so an open breaker stops further
 * retries at once), then the bulkhead (a permit per attempt, held until that attempt's body has returned), then the
 * per-attempt timeout, then hedging, then the call itself. Asynchronous attempts never wait for a bulkhead permit, and
 * their retries, timeouts and hedges run on the attempt executor, never on the timer thread. Rejections are {@link dev.retrykit.core.CallRejectedException} subclasses; every
 * other failure is the operation's own exception, rethrown unchanged.
 */
package dev.retrykit.core;
