package dev.retrykit.kotlin

import dev.retrykit.core.Outcome
import dev.retrykit.core.ServiceRegistry
import dev.retrykit.kotlin.sample.QuoteApplication
import dev.retrykit.kotlin.sample.QuoteClient
import dev.retrykit.kotlin.sample.QuoteServer
import java.util.concurrent.Executors
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.springframework.beans.factory.annotation.Autowired
import org.springframework.boot.test.context.SpringBootTest
import org.springframework.test.context.DynamicPropertyRegistry
import org.springframework.test.context.DynamicPropertySource

/** retrykit's annotations on Kotlin suspend functions and Flows, in one shared context with the sample's client. */
@SpringBootTest(classes = [QuoteApplication::class, CoroutineCalls::class])
class CoroutineRetryTest {

    @Autowired
    lateinit var quotes: QuoteClient

    @Autowired
    lateinit var calls: CoroutineCalls

    @Autowired
    lateinit var registry: ServiceRegistry

    @BeforeEach
    fun reset() {
        calls.reset()
        registry.services().forEach { it.reset() }
    }

    @Test
    fun `a suspend HTTP call is retried until the server answers`() = runBlocking<Unit> {
        assertThat(quotes.quote("FLAKY2")).isEqualTo("FLAKY2: 42")
        assertThat(server.requests("/quotes/FLAKY2")).isEqualTo(3)
    }

    @Test
    fun `a suspend fallback serves a call whose attempts all fail`() = runBlocking<Unit> {
        assertThat(quotes.quote("DOWN")).isEqualTo("DOWN: unavailable (HTTP 503 from /quotes/DOWN)")
        assertThat(server.requests("/quotes/DOWN")).isEqualTo(3)
        assertThat(registry.service("quotes").statistics().count(Outcome.FALLBACK)).isEqualTo(1)
    }

    @Test
    fun `a Flow is retried per collection and replayed without duplicates`() = runBlocking<Unit> {
        assertThat(quotes.prices("FLAKY1").toList()).containsExactly("1", "2", "3")
        assertThat(calls.numbers().toList()).containsExactly(1, 2, 3)
        assertThat(calls.flowAttempts.get()).isEqualTo(2)
    }

    @Test
    fun `a suspend function returning a Flow is retried`() = runBlocking<Unit> {
        assertThat(calls.lettersLater().toList()).containsExactly("a", "b")
        assertThat(calls.flowAttempts.get()).isEqualTo(2)
    }

    @Test
    fun `a plain fallback serves a suspend function`() = runBlocking<Unit> {
        assertThat(calls.brokenWithPlainFallback(3)).isEqualTo("plain fallback 3")
        assertThat(calls.attempts.get()).isEqualTo(3)
    }

    @Test
    fun `attempts suspend and leave the calling thread free and see the caller coroutine context`() {
        Executors.newSingleThreadExecutor { Thread(it, "single") }.asCoroutineDispatcher().use { single ->
            val result = runBlocking(single + Tenant("acme")) {
                val gate = CompletableDeferred<Unit>()
                // on the one thread: while the call retries, another coroutine must be able to open the gate
                val call = async { calls.failOnceThenAwait(gate) }
                launch {
                    while (calls.attempts.get() < 1) {
                        delay(1)
                    }
                    gate.complete(Unit)
                }
                withTimeout(10_000) { call.await() }
            }
            assertThat(result).isEqualTo("done after 2 attempts")
        }
        assertThat(calls.seen).allSatisfy { assertThat(it.thread).startsWith("single") }
        assertThat(calls.seen).extracting<String?> { it.tenant }.containsExactly("acme", "acme")
    }

    @Test
    fun `retryOnResult sees the suspend function's parameters`() = runBlocking<Unit> {
        assertThat(calls.busyOnce("kotlin")).isEqualTo("ready for kotlin")
        assertThat(calls.attempts.get()).isEqualTo(2)
    }

    @Test
    fun `a suspend fallback runs in the caller's coroutine context`() = runBlocking<Unit>(Tenant("acme")) {
        assertThat(calls.broken(7)).isEqualTo("fallback 7 for broken 7 in acme")
        assertThat(calls.attempts.get()).isEqualTo(1)
    }

    @Test
    fun `cancelling the coroutine cancels the attempt in flight and gives the permits back`() = runBlocking<Unit> {
        val hanging = registry.service("hanging")
        val started = CompletableDeferred<Unit>()
        val cancelled = CompletableDeferred<Throwable>()
        val caller = launch(start = CoroutineStart.UNDISPATCHED) { calls.hang(started, cancelled) }
        withTimeout(10_000) { started.await() }
        assertThat(hanging.bulkhead().availableCalls()).isZero()

        caller.cancelAndJoin()

        assertThat(withTimeout(10_000) { cancelled.await() }).isInstanceOf(CancellationException::class.java)
        withTimeout(10_000) {
            while (hanging.statistics().count(Outcome.CANCELLED) == 0L || hanging.bulkhead().availableCalls() != 1) {
                delay(5)
            }
        }
        assertThat(hanging.statistics().attempts()).isEqualTo(1)
    }

    companion object {
        private val server = QuoteServer()

        @JvmStatic
        @DynamicPropertySource
        fun quoteServer(registry: DynamicPropertyRegistry) {
            registry.add("quotes.base-url") { server.baseUrl }
        }

        @JvmStatic
        @AfterAll
        fun stopServer() = server.close()
    }
}
