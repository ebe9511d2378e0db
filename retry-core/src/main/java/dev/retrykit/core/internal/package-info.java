/**
 * Machinery behind the public API that users should not call: the compiled form of a policy that the call path
 * reads, and exception helpers. May change without notice.
 */
package dev.retrykit.core.internal;
