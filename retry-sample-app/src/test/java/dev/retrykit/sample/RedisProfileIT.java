package dev.retrykit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import redis.embedded.RedisServer;

/** The sample's {@code redis} profile against a real Redis server: shared state, reported in {@code /actuator/retry}. */
@ActiveProfiles("redis")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"demo.traffic.enabled=false", "demo.upstream.failure-rate=0", "retry.store.redis.sync-interval=50ms"})
class RedisProfileIT {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };
    private static final int REDIS_PORT = freePort();
    private static final RedisServer REDIS = startRedis();

    @LocalServerPort
    int port;

    @Autowired
    StringRedisTemplate redis;

    @DynamicPropertySource
    static void redisPort(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", () -> REDIS_PORT);
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
    }

    @AfterAll
    static void stopRedis() throws IOException {
        REDIS.stop();
    }

    @Test
    void storeIsRedisAndBreakerStateReachesIt() throws InterruptedException {
        RestClient http = RestClient.create("http://127.0.0.1:" + port);
        Map<String, Object> payment = http.post().uri("/api/payments").body(Map.of("orderId", "redis-1", "amount", 5))
                .retrieve().body(JSON);
        http.post().uri("/actuator/retry/quotes").body(Map.of("circuitState", "FORCED_OPEN")).retrieve().toBodilessEntity();

        Map<String, Object> retry = http.get().uri("/actuator/retry").retrieve().body(JSON);
        Map<?, ?> store = (Map<?, ?>) ((Map<?, ?>) retry.get("global")).get("store");

        assertThat(payment).containsKey("chargeId");
        assertThat(store.get("type")).isEqualTo("redis");
        assertThat(store.get("reachable")).isEqualTo(true);
        assertThat(redis.keys("retrykit:idem:*")).isNotEmpty();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!redis.opsForHash().entries("retrykit:breakers").toString().contains("FORCED_OPEN") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(redis.opsForHash().entries("retrykit:breakers").toString()).contains("FORCED_OPEN");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RedisServer startRedis() {
        try {
            RedisServer server = RedisServer.newRedisServer().port(REDIS_PORT).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").build();
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
