package dev.retrykit.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a named service fail in a Spring test, without touching the code under test: sets
 * {@code retry.chaos.enabled=true} and {@code retry.chaos.services.SERVICE.*} for the test class's context, so a share
 * of the service's attempts throw {@link #exception()} instead of running. Repeatable, one per service.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(RetryChaos.List.class)
public @interface RetryChaos {

    /** The service to fail. */
    String service();

    /** Share of attempts that fail, 0..1; every attempt by default. */
    double failureRate() default 1.0;

    /** What a failing attempt throws; it must have a constructor taking a message, or none. */
    Class<? extends Throwable> exception() default java.io.IOException.class;

    /** Latency added to every attempt, in the configuration's duration format ({@code 50ms}); none by default. */
    String latency() default "0ms";

    /** Several {@link RetryChaos} on one test class. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @Inherited
    @interface List {
        RetryChaos[] value();
    }
}
