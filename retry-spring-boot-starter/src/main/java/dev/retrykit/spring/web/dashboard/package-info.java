/**
 * The live dashboard: one self-contained HTML page (inline CSS and JavaScript, nothing fetched from elsewhere),
 * served at {@code retry.dashboard.path} when {@code retry.dashboard.enabled=true}, that polls the
 * {@code /actuator/retry} endpoint every second and lets an operator force a breaker open or close it.
 */
package dev.retrykit.spring.web.dashboard;
