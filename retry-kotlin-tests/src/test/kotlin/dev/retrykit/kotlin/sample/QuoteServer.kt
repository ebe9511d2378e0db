package dev.retrykit.kotlin.sample

import com.sun.net.httpserver.HttpServer
import java.net.InetAddress
import java.net.InetSocketAddress
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger

/**
 * A real HTTP server on loopback for the sample: `/quotes/{symbol}` and `/prices/{symbol}` answer 503 as many times
 * as the symbol's trailing digit says (`FLAKY2` fails twice, then succeeds); `DOWN` always answers 503.
 */
class QuoteServer : AutoCloseable {

    private val server = HttpServer.create(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)
    private val requests = ConcurrentHashMap<String, AtomicInteger>()

    init {
        server.createContext("/") { exchange ->
            val path = exchange.requestURI.path
            val count = requests.computeIfAbsent(path) { AtomicInteger() }.incrementAndGet()
            val symbol = path.substringAfterLast('/')
            val failures = if (symbol == "DOWN") Int.MAX_VALUE else symbol.takeLastWhile { it.isDigit() }.toIntOrNull() ?: 0
            val (status, body) = when {
                count <= failures -> 503 to "unavailable"
                path.startsWith("/prices/") -> 200 to "1,2,3"
                else -> 200 to "$symbol: 42"
            }
            val bytes = body.toByteArray()
            exchange.sendResponseHeaders(status, bytes.size.toLong())
            exchange.responseBody.use { it.write(bytes) }
        }
        server.start()
    }

    /** The server's base URL, e.g. `http://127.0.0.1:54321`. */
    val baseUrl: String get() = "http://127.0.0.1:${server.address.port}"

    /** How many requests `path` received. */
    fun requests(path: String): Int = requests[path]?.get() ?: 0

    override fun close() = server.stop(0)
}
