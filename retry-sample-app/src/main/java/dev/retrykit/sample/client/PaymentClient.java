package dev.retrykit.sample.client;

import dev.retrykit.annotation.Retryable;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Service;

/**
 * Payments with an idempotency key: retries after a lost answer reach the upstream with the same
 * {@code Idempotency-Key}, and a repeated request with the same order id returns the stored receipt.
 */
@Service
public class PaymentClient {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };

    private final Upstream upstream;

    public PaymentClient(Upstream upstream) {
        this.upstream = upstream;
    }

    @Retryable(value = "payments", idempotencyKey = "#request.orderId")
    public Map<String, Object> pay(PaymentRequest request) {
        return upstream.client().post().uri("/payments")
                .body(Map.of("orderId", request.orderId(), "amount", request.amount())).retrieve().body(JSON);
    }

    /** A payment order. */
    public record PaymentRequest(String orderId, long amount) {
    }
}
