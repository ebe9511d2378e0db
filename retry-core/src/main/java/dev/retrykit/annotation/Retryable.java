package dev.retrykit.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated method (or every public method of the annotated type) under the named service's whole
 * policy: retries with backoff, circuit breaker, retry budgets, bulkhead, load shedding, timeouts and
 * fallback. This is retrykit's annotation, not Spring Framework 7's
 * {@code org.springframework.resilience.annotation.Retryable}.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface Retryable {

    /** The service name, the key under {@code retry.services}; alias of {@link #service()}. */
    String value() default "";

    /** The service name, the key under {@code retry.services}; alias of {@link #value()}. */
    String service() default "";

    /** Template used when the service has no entry in {@code retry.services}; empty = the default template. */
    String template() default "";

    /** Overrides the configured number of attempts (first call included); {@code -1} = from configuration. */
    int maxAttempts() default -1;

    /** Added to the service's retryable exceptions. */
    Class<? extends Throwable>[] retryOn() default {};

    /** Added to the service's non-retryable exceptions. */
    Class<? extends Throwable>[] noRetryOn() default {};

    /** SpEL over the method parameters ({@code #order.id}, {@code #p0}) giving the idempotency key; empty = none. */
    String idempotencyKey() default "";

    /** Priority for load shedding. */
    Priority priority() default Priority.NORMAL;

    /**
     * SpEL over {@code #result} and the parameters; when it is true the attempt counts as failed and is retried.
     * When attempts run out, the last result is returned. Empty = off.
     */
    String retryOnResult() default "";
}
