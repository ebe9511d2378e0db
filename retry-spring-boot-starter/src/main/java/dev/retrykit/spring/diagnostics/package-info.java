/**
 * Startup diagnostics of the retrykit starter: the exception thrown for invalid configuration and the failure
 * analyzer that reports it with the property, the bad value and the allowed values.
 */
package dev.retrykit.spring.diagnostics;
