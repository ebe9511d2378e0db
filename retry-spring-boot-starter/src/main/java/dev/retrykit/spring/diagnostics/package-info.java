/**
 * Startup diagnostics of the retrykit starter: the exception thrown for invalid configuration and the failure
 * analyzer that reports it with the property, the bad value and the allowed values, and the nearest-name lookup behind
 * its "did you mean" hints.
 */
package dev.retrykit.spring.diagnostics;
