package dev.retrykit.kotlin

import dev.retrykit.annotation.CircuitGuarded
import dev.retrykit.annotation.Fallback
import dev.retrykit.annotation.Retryable
import java.io.IOException
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOf
import org.springframework.stereotype.Component

/** A coroutine context element that the tests put around a call and look for in every attempt. */
class Tenant(val name: String) : AbstractCoroutineContextElement(Tenant) {
    companion object Key : CoroutineContext.Key<Tenant>
}

/** What one attempt saw: its number, thread and the caller's [Tenant]. */
data class Attempt(val number: Int, val thread: String, val tenant: String?)

/** Guarded suspend functions and a Flow for the coroutine tests. */
@Component
class CoroutineCalls {

    val attempts = AtomicInteger()
    val seen = CopyOnWriteArrayList<Attempt>()
    val flowAttempts = AtomicInteger()

    fun reset() {
        attempts.set(0)
        seen.clear()
        flowAttempts.set(0)
    }

    /** Fails its first attempt; the second waits for [gate], which only another coroutine completes. */
    @Retryable("coroutines")
    suspend fun failOnceThenAwait(gate: CompletableDeferred<Unit>): String {
        val number = attempts.incrementAndGet()
        seen += Attempt(number, Thread.currentThread().name, currentCoroutineContext()[Tenant]?.name)
        if (number == 1) {
            throw IOException("attempt 1 fails")
        }
        gate.await()
        return "done after $number attempts"
    }

    /** Retried while the result says busy: the SpEL sees the parameter by name, not the Continuation. */
    @Retryable(value = "coroutines", retryOnResult = "#result == 'busy' && #caller != null")
    suspend fun busyOnce(caller: String): String = if (attempts.incrementAndGet() == 1) "busy" else "ready for $caller"

    /** An attempt that never ends by itself: it records its cancellation. */
    @Retryable("hanging")
    suspend fun hang(started: CompletableDeferred<Unit>, cancelled: CompletableDeferred<Throwable>): String {
        started.complete(Unit)
        try {
            awaitCancellation()
        } catch (e: Throwable) {
            cancelled.complete(e)
            throw e
        }
    }

    /** Always fails: served by a suspending fallback. */
    @CircuitGuarded("coroutines")
    @Fallback(method = "fallback")
    suspend fun broken(id: Int): String {
        attempts.incrementAndGet()
        throw IOException("broken $id")
    }

    suspend fun fallback(id: Int, failure: Throwable): String =
        "fallback $id for ${failure.message} in ${currentCoroutineContext()[Tenant]?.name}"

    /** Always fails: served by a plain (not suspending) fallback. */
    @Retryable("coroutines")
    @Fallback(method = "plainFallback")
    suspend fun brokenWithPlainFallback(id: Int): String {
        attempts.incrementAndGet()
        throw IOException("broken $id")
    }

    fun plainFallback(id: Int): String = "plain fallback $id"

    /** A suspend fun returning a Flow: its first call fails, the retry's flow is returned. */
    @Retryable("coroutines")
    suspend fun lettersLater(): Flow<String> {
        if (flowAttempts.incrementAndGet() == 1) {
            throw IOException("no letters yet")
        }
        return flowOf("a", "b")
    }

    /** Emits one element, then fails on its first collection: retried and replayed without duplicates. */
    @Retryable("coroutines")
    fun numbers(): Flow<Int> = flow {
        val attempt = flowAttempts.incrementAndGet()
        emit(1)
        if (attempt == 1) {
            throw IOException("flow attempt 1 fails after one element")
        }
        emit(2)
        emit(3)
    }
}
