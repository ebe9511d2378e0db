package dev.retrykit.spring.test.autoconfigure;

import org.springframework.boot.SpringBootConfiguration;

/** The configuration the slice tests of this package find: nothing of its own, each test imports its beans. */
@SpringBootConfiguration(proxyBeanMethods = false)
class SliceTestApplication {
}
