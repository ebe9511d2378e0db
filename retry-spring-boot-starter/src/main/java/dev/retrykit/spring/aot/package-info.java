/**
 * Ahead-of-time support: the runtime hints of the starter and of the application's annotated beans and configuration,
 * so that {@code spring-boot:process-aot} output and native images find what retrykit reads reflectively.
 */
package dev.retrykit.spring.aot;
