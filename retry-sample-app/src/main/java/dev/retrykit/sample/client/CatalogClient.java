package dev.retrykit.sample.client;

import dev.retrykit.annotation.Retryable;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Service;

/**
 * Catalog items through the {@code catalog} service: four attempts, a breaker that only a near-total outage trips,
 * and a retry budget — the retry-storm scenario's subject.
 */
@Service
public class CatalogClient {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };

    private final Upstream upstream;

    public CatalogClient(Upstream upstream) {
        this.upstream = upstream;
    }

    @Retryable("catalog")
    public Map<String, Object> item(String sku) {
        return upstream.client().get().uri("/catalog/{sku}", sku).retrieve().body(JSON);
    }
}
