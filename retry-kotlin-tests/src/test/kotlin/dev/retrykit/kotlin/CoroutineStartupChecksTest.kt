package dev.retrykit.kotlin

import dev.retrykit.annotation.Fallback
import dev.retrykit.annotation.Retryable
import dev.retrykit.spring.autoconfigure.RetryAopAutoConfiguration
import dev.retrykit.spring.autoconfigure.RetryAutoConfiguration
import dev.retrykit.spring.diagnostics.InvalidRetryConfigurationException
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.springframework.boot.autoconfigure.AutoConfigurations
import org.springframework.boot.test.context.runner.ApplicationContextRunner
import org.springframework.core.NestedExceptionUtils
import org.springframework.stereotype.Component

/** Startup checks of suspend functions: the hidden Continuation is no parameter, fallbacks are checked by Kotlin types. */
class CoroutineStartupChecksTest {

    private val runner = ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RetryAutoConfiguration::class.java, RetryAopAutoConfiguration::class.java))

    @Test
    fun `a suspend fallback of the wrong type and a SpEL variable that is no parameter fail the start`() {
        runner.withBean(BadCalls::class.java).run { context ->
            assertThat(context).hasFailed()
            val failure = NestedExceptionUtils.getMostSpecificCause(context.startupFailure!!)
            assertThat(failure).isInstanceOf(InvalidRetryConfigurationException::class.java)
            assertThat((failure as InvalidRetryConfigurationException).problems()).hasSize(2)
            assertThat(failure.message)
                .contains("@Fallback on BadCalls.fetch.method: 'wrongType' does not fit the guarded method")
                .contains("[suspend] wrongType(String[, Throwable]) returning String")
                .contains("names #p1, but BadCalls.other(String id) has 1 parameter(s)")
                .doesNotContain("\$suspendImpl")
        }
    }

    @Test
    fun `fitting suspend and plain fallbacks start`() {
        runner.withBean(GoodCalls::class.java).run { context ->
            assertThat(context).hasNotFailed()
        }
    }

    // @Component only makes the kotlin-spring plugin open the class for its proxy; the runner registers it
    @Component
    class BadCalls {
        @Retryable("bad")
        @Fallback(method = "wrongType")
        suspend fun fetch(id: String): String = id

        suspend fun wrongType(id: String): Int = id.length

        @Retryable(value = "bad", idempotencyKey = "#p1")
        suspend fun other(id: String): String = id
    }

    @Component
    class GoodCalls {
        @Retryable(value = "good", idempotencyKey = "#id + #p0")
        @Fallback(method = "suspending")
        suspend fun fetch(id: String): String = id

        suspend fun suspending(id: String, failure: IllegalStateException): String = id

        @Retryable("good")
        @Fallback(method = "plain")
        suspend fun other(id: String): CharSequence = id

        fun plain(id: String): String = id
    }
}
