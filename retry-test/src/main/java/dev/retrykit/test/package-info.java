/**
 * Test support for code guarded by retrykit: {@link dev.retrykit.test.RetryTest} puts a Spring test context on
 * virtual time and resets services between tests, {@link dev.retrykit.test.RetryAssertions} tells what a service
 * did, {@link dev.retrykit.test.RetryChaos} makes a named service fail.
 */
package dev.retrykit.test;
