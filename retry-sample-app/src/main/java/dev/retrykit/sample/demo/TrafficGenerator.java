package dev.retrykit.sample.demo;

import dev.retrykit.sample.client.Upstream;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Demo traffic over loopback HTTP against the sample's own {@code /api} endpoints, so that
 * {@code /actuator/retry}, {@code /actuator/prometheus} and the dashboard show live numbers. Bounded to at most 50
 * requests per second; started with {@code demo.traffic.enabled=true} or {@code POST /demo/traffic/start}.
 */
@Component
public class TrafficGenerator implements DisposableBean {

    private static final String[] SYMBOLS = {"ACME", "GLOBEX", "INITECH", "UMBRELLA"};

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, task -> {
        Thread thread = new Thread(task, "demo-traffic");
        thread.setDaemon(true);
        return thread;
    });
    private final Environment environment;
    private final boolean enabledAtStart;
    private final int defaultRate;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private ScheduledFuture<?> running;
    private RestClient client;

    public TrafficGenerator(Environment environment, @Value("${demo.traffic.enabled:false}") boolean enabledAtStart,
                            @Value("${demo.traffic.requests-per-second:5}") int defaultRate) {
        this.environment = environment;
        this.enabledAtStart = enabledAtStart;
        this.defaultRate = defaultRate;
    }

    @EventListener(ApplicationReadyEvent.class)
    void startIfEnabled() {
        if (enabledAtStart) {
            start(defaultRate);
        }
    }

    /** Starts (or restarts) sending {@code requestsPerSecond} requests per second, 1..50. */
    public synchronized Map<String, Object> start(int requestsPerSecond) {
        stop();
        int rate = Math.max(1, Math.min(50, requestsPerSecond));
        if (client == null) {
            client = RestClient.create("http://127.0.0.1:" + environment.getProperty("local.server.port", "8080") + "/api");
        }
        running = executor.scheduleAtFixedRate(this::sendOne, 0, 1_000_000L / rate, TimeUnit.MICROSECONDS);
        return status();
    }

    /** Stops the traffic. */
    public synchronized Map<String, Object> stop() {
        if (running != null) {
            running.cancel(false);
            running = null;
        }
        return status();
    }

    /** Requests sent and failed so far, and whether traffic runs. */
    public synchronized Map<String, Object> status() {
        return Map.of("running", running != null, "sent", sent.get(), "failed", failed.get());
    }

    private void sendOne() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        sent.incrementAndGet();
        try {
            switch (random.nextInt(4)) {
                case 0 -> client.get().uri("/quotes/{s}", SYMBOLS[random.nextInt(SYMBOLS.length)]).retrieve().toBodilessEntity();
                case 1 -> client.post().uri("/payments").body(Map.of("orderId", "demo-" + random.nextInt(1000), "amount", 42))
                        .retrieve().toBodilessEntity();
                case 2 -> client.post().uri("/ai/complete").body(Map.of("prompt", "hello")).retrieve().toBodilessEntity();
                default -> client.get().uri("/inventory/SKU-1").retrieve().toBodilessEntity();
            }
        } catch (RuntimeException e) {
            failed.incrementAndGet();
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
