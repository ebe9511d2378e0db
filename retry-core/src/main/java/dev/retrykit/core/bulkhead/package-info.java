/**
 * The bulkhead: {@link dev.retrykit.core.bulkhead.Bulkhead} limits the calls in flight to one service, refusing a
 * call at once or after a bounded wait when every permit is taken, so that a slow dependency cannot hold every
 * thread of the application; its size can change at runtime.
 */
package dev.retrykit.core.bulkhead;
