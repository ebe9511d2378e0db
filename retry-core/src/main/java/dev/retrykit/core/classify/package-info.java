/**
 * Deciding whether a failure is worth retrying. {@link dev.retrykit.core.classify.ErrorClassifier} is the SPI;
 * {@link dev.retrykit.core.classify.ExceptionClassifier} matches exception types through the cause chain,
 * {@link dev.retrykit.core.classify.SqlStateClassifier} matches SQLStates, and
 * {@link dev.retrykit.core.classify.ErrorClassification} combines them: non-retryable wins over retryable, and with
 * no opinion at all a failure is not retried. A {@link dev.retrykit.core.classify.RetryAfter} hint (seconds or
 * HTTP-date) travels with a retryable verdict and is a floor of the next delay.
 */
package dev.retrykit.core.classify;
