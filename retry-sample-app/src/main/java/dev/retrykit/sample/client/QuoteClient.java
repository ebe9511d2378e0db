package dev.retrykit.sample.client;

import dev.retrykit.annotation.Fallback;
import dev.retrykit.annotation.Retryable;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Service;

/** Quotes through the {@code http-api} template, served stale from the {@code quotes} cache when the upstream is down. */
@Service
public class QuoteClient {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };

    private final Upstream upstream;

    public QuoteClient(Upstream upstream) {
        this.upstream = upstream;
    }

    @Retryable("quotes")
    @Fallback(cache = "quotes")
    public Map<String, Object> quote(String symbol) {
        return upstream.client().get().uri("/quotes/{symbol}", symbol).retrieve().body(JSON);
    }
}
