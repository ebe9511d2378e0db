/**
 * Test support for applications that use retrykit: {@link dev.retrykit.spring.test.autoconfigure.AutoConfigureRetry}
 * brings the annotations' advice into Spring Boot's test slices.
 */
package dev.retrykit.spring.test.autoconfigure;
