package dev.retrykit.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated method under the named service's policy without retries (one attempt): circuit
 * breaker, bulkhead, load shedding, timeouts and fallback.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface CircuitGuarded {

    /** The service name; alias of {@link #service()}. */
    String value() default "";

    /** The service name; alias of {@link #value()}. */
    String service() default "";

    /** Template used when the service has no entry in {@code retry.services}; empty = the default template. */
    String template() default "";

    /** Priority for load shedding. */
    Priority priority() default Priority.NORMAL;
}
