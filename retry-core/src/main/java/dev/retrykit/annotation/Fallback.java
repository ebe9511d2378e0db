package dev.retrykit.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a guarded method returns when it fails for good. Checked at startup: a fallback method that does not
 * exist or does not fit fails the application, not the first failure.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Fallback {

    /**
     * Name of a method on the same bean with the same parameters, optionally plus a trailing {@link Throwable};
     * its return type must fit the guarded method's.
     */
    String method() default "";

    /**
     * Name of a Spring {@code Cache}: every success is stored under the call's arguments and, on failure, the
     * last good value is served (stale-on-error) before the fallback method is tried.
     */
    String cache() default "";

    /** Failures that trigger the fallback; empty = all, rejections included. */
    Class<? extends Throwable>[] on() default {};
}
