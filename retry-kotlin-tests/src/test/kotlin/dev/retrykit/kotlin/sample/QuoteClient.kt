package dev.retrykit.kotlin.sample

import dev.retrykit.annotation.Fallback
import dev.retrykit.annotation.Retryable
import java.io.IOException
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.future.await
import org.springframework.beans.factory.annotation.Value
import org.springframework.stereotype.Service

/** The Kotlin sample: a suspend HTTP client whose calls retrykit retries, without blocking a thread. */
@Service
class QuoteClient(@Value("\${quotes.base-url}") private val baseUrl: String) {

    private val http = HttpClient.newHttpClient()

    @Retryable("quotes")
    @Fallback(method = "quoteUnavailable")
    suspend fun quote(symbol: String): String = get("/quotes/$symbol")

    suspend fun quoteUnavailable(symbol: String, failure: IOException): String = "$symbol: unavailable (${failure.message})"

    @Retryable("quotes")
    fun prices(symbol: String): Flow<String> = flow {
        get("/prices/$symbol").split(",").forEach { emit(it) }
    }

    private suspend fun get(path: String): String {
        val request = HttpRequest.newBuilder(URI.create(baseUrl + path)).build()
        val response = http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).await()
        if (response.statusCode() >= 500) {
            throw IOException("HTTP ${response.statusCode()} from $path")
        }
        return response.body()
    }
}
