package dev.retrykit.spring.cloud.circuitbreaker;

import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;

/**
 * The migration snippet of docs/spring-cloud-circuitbreaker.md: plain Spring Cloud CircuitBreaker code, unchanged
 * from a Resilience4j application. With retrykit's module on the classpath, {@code "inventory"} is the retrykit
 * service of that name.
 */
public class InventoryClient {

    private final CircuitBreakerFactory<?, ?> circuitBreakers;
    private final FlakyCalls upstream;

    public InventoryClient(CircuitBreakerFactory<?, ?> circuitBreakers, FlakyCalls upstream) {
        this.circuitBreakers = circuitBreakers;
        this.upstream = upstream;
    }

    /** The stock of {@code sku}, or -1 when the inventory service cannot say. */
    public int stock(String sku) {
        return circuitBreakers.create("inventory").run(() -> upstream.call(42), failure -> -1);
    }
}
