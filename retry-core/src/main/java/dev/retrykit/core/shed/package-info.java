/**
 * Load shedding: {@link dev.retrykit.core.shed.LoadShedder} drops the least important calls first when a service is
 * overloaded, judged by an adaptive concurrency limit learned from latency (one
 * {@link dev.retrykit.core.shed.ConcurrencyLimit} class per algorithm: AIMD, gradient, fixed) and by the system's
 * CPU load; critical calls are never shed.
 */
package dev.retrykit.core.shed;
