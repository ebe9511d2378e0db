package dev.retrykit.sample.client;

import dev.retrykit.annotation.Fallback;
import dev.retrykit.annotation.Retryable;
import java.util.Map;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Service;

/** An LLM-style API through the {@code ai-service} template: 429 with Retry-After is waited out, 529 retried. */
@Service
public class AiClient {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() { };

    private final Upstream upstream;

    public AiClient(Upstream upstream) {
        this.upstream = upstream;
    }

    @Retryable("claude-api")
    @Fallback(method = "unavailable")
    public Map<String, Object> complete(String prompt) {
        return upstream.client().post().uri("/ai/complete").body(Map.of("prompt", prompt)).retrieve().body(JSON);
    }

    Map<String, Object> unavailable(String prompt, Throwable failure) {
        return Map.of("completion", "", "degraded", true, "reason", failure.getClass().getSimpleName());
    }
}
