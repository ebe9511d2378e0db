/**
 * The live dashboard: one self-contained HTML page (inline CSS, JavaScript and SVG charts, nothing fetched from
 * elsewhere), served at {@code retry.dashboard.path} when {@code retry.dashboard.enabled=true}, that polls the
 * {@code /actuator/retry} endpoint every second and the recent history at {@code <path>/history}
 * ({@link dev.retrykit.spring.web.dashboard.RetryDashboardHistory}), and lets an operator force a breaker open or
 * close it, sending Spring Security's CSRF token when the application has one.
 */
package dev.retrykit.spring.web.dashboard;
