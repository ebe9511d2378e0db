package dev.retrykit.sample.api;

import dev.retrykit.sample.client.AiClient;
import dev.retrykit.sample.client.PaymentClient;
import dev.retrykit.sample.client.PaymentClient.PaymentRequest;
import dev.retrykit.sample.client.QuoteClient;
import dev.retrykit.sample.inventory.InventoryRepository;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The client-facing API: every endpoint calls a flaky dependency through retrykit. */
@RestController
@RequestMapping("/api")
public class ApiController {

    private final QuoteClient quotes;
    private final PaymentClient payments;
    private final AiClient ai;
    private final InventoryRepository inventory;

    public ApiController(QuoteClient quotes, PaymentClient payments, AiClient ai, InventoryRepository inventory) {
        this.quotes = quotes;
        this.payments = payments;
        this.ai = ai;
        this.inventory = inventory;
    }

    @GetMapping("/quotes/{symbol}")
    public Map<String, Object> quote(@PathVariable String symbol) {
        return quotes.quote(symbol);
    }

    @PostMapping("/payments")
    public Map<String, Object> pay(@RequestBody PaymentRequest request) {
        return payments.pay(request);
    }

    @PostMapping("/ai/complete")
    public Map<String, Object> complete(@RequestBody Map<String, String> body) {
        return ai.complete(body.getOrDefault("prompt", ""));
    }

    @GetMapping("/inventory/{sku}")
    public Map<String, Object> inventory(@PathVariable String sku) {
        return inventory.find(sku);
    }

    @PostMapping("/inventory/{sku}/reserve")
    public Map<String, Object> reserve(@PathVariable String sku) {
        return Map.of("sku", sku, "quantity", inventory.reserve(sku));
    }
}
