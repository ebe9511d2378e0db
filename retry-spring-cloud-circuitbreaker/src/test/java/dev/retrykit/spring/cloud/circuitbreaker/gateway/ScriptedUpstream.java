package dev.retrykit.spring.cloud.circuitbreaker.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP upstream on loopback (the JDK's server): answers each request with the next scripted status, or 200
 * once the script is used up, and counts the requests it got. Thread-safe.
 */
final class ScriptedUpstream implements AutoCloseable {

    private final HttpServer server;
    private final Queue<Integer> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();

    private ScriptedUpstream(HttpServer server) {
        this.server = server;
    }

    /** Starts an upstream on a free loopback port. */
    static ScriptedUpstream start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ScriptedUpstream upstream = new ScriptedUpstream(server);
        server.createContext("/", upstream::answer);
        server.start();
        return upstream;
    }

    /** A loopback port on which nothing listens: connections to it are refused. */
    static int deadPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The next requests are answered with these statuses, in order. */
    void answerNext(int... statuses) {
        for (int status : statuses) {
            script.add(status);
        }
    }

    int requests() {
        return requests.get();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        Integer scripted = script.poll();
        int status = scripted == null ? 200 : scripted;
        byte[] body = (status == 200 ? "in stock" : "unavailable").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
