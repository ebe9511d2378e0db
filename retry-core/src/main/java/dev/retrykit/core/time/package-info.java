/**
 * Time as a dependency: {@link dev.retrykit.core.time.Clock}, {@link dev.retrykit.core.time.Sleeper} and
 * {@link dev.retrykit.core.time.Scheduler} are injected into every component that waits or measures, so
 * production uses the JVM's time while tests and simulations run on {@link dev.retrykit.core.time.ManualClock}
 * virtual time, fast and deterministic.
 */
package dev.retrykit.core.time;
