package dev.retrykit.sample.upstream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A real, deliberately flaky upstream served on the application's own port: quotes and the catalog fail with 503, payments may
 * fail after charging (so only the Idempotency-Key keeps them exactly-once), the AI endpoint throttles with 429 and
 * Retry-After.
 */
@RestController
@RequestMapping("/upstream")
public class FlakyUpstreamController {

    private final UpstreamKnobs knobs;
    private final Map<String, Map<String, Object>> chargesByKey = new ConcurrentHashMap<>();
    private final AtomicLong charges = new AtomicLong();

    public FlakyUpstreamController(UpstreamKnobs knobs) {
        this.knobs = knobs;
    }

    @GetMapping("/quotes/{symbol}")
    public ResponseEntity<Map<String, Object>> quote(@PathVariable String symbol) throws InterruptedException {
        knobs.delay();
        if (knobs.shouldFail()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
        }
        double price = 100 + Math.abs(symbol.hashCode() % 900) + ThreadLocalRandom.current().nextDouble();
        return ResponseEntity.ok(Map.of("symbol", symbol, "price", Math.round(price * 100) / 100.0));
    }

    @PostMapping("/payments")
    public ResponseEntity<Map<String, Object>> charge(@RequestHeader(value = "Idempotency-Key", required = false) String key,
                                                      @RequestBody Map<String, Object> payment) throws InterruptedException {
        knobs.delay();
        if (key != null && chargesByKey.containsKey(key)) {
            return ResponseEntity.ok(chargesByKey.get(key));
        }
        Map<String, Object> receipt = new LinkedHashMap<>(payment);
        receipt.put("chargeId", "ch_" + charges.incrementAndGet());
        if (key != null) {
            chargesByKey.put(key, receipt);
        }
        if (knobs.shouldFail()) {
            // charged, but the answer is lost: the caller retries, and the key makes the retry harmless
            return ResponseEntity.status(HttpStatus.BAD_GATEWAY).build();
        }
        return ResponseEntity.ok(receipt);
    }

    @PostMapping("/ai/complete")
    public ResponseEntity<Map<String, Object>> complete(@RequestBody Map<String, Object> prompt) throws InterruptedException {
        knobs.delay();
        if (knobs.shouldThrottle()) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", "1").build();
        }
        if (knobs.shouldFail()) {
            return ResponseEntity.status(529).build();
        }
        return ResponseEntity.ok(Map.of("completion", "echo: " + prompt.getOrDefault("prompt", "")));
    }

    /** The catalog: healthy unless the retry-storm scenario browns it out (its own failure rate, no latency). */
    @GetMapping("/catalog/{sku}")
    public ResponseEntity<Map<String, Object>> catalogItem(@PathVariable String sku) {
        if (knobs.catalogShouldFail()) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
        }
        return ResponseEntity.ok(Map.of("sku", sku, "name", "Item " + sku));
    }

    /** How many charges the upstream made in total (exactly-once check). */
    @GetMapping("/payments/count")
    public Map<String, Long> chargeCount() {
        return Map.of("charges", charges.get());
    }

    @GetMapping("/knobs")
    public Map<String, Object> knobs() {
        return Map.of("failureRate", knobs.failureRate(), "latencyMillis", knobs.latencyMillis(), "throttleRate", knobs.throttleRate());
    }

    /** Changes the failure rate, latency and throttle rate: {@code {"failureRate": 0.5, "latencyMillis": 50}}. */
    @PostMapping("/knobs")
    public Map<String, Object> changeKnobs(@RequestBody Map<String, Number> values) {
        knobs.update(toDouble(values.get("failureRate")), values.get("latencyMillis") == null ? null : values.get("latencyMillis").longValue(),
                toDouble(values.get("throttleRate")));
        return knobs();
    }

    private static Double toDouble(Number value) {
        return value == null ? null : value.doubleValue();
    }
}
