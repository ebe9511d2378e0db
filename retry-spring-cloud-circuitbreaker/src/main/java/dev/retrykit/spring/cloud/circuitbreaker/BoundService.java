package dev.retrykit.spring.cloud.circuitbreaker;

import dev.retrykit.core.CallOptions;
import dev.retrykit.core.GuardedService;

/**
 * A circuit-breaker id bound to its retrykit service, with the call-site options of its configuration.
 *
 * @param service the guarded service named by the id
 * @param options the configuration's overrides
 */
record BoundService(GuardedService service, CallOptions options) {
}
