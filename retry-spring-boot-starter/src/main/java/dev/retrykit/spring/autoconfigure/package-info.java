/**
 * Spring Boot auto-configuration of retrykit: the {@code retry.*} properties, their resolution into validated
 * service policies (built-in template &lt; user template &lt; service entry), and the beans built from them.
 */
package dev.retrykit.spring.autoconfigure;
