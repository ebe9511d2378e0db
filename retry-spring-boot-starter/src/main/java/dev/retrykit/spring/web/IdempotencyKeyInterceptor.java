package dev.retrykit.spring.web;

import dev.retrykit.core.idempotency.IdempotencyKeys;
import java.io.IOException;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Sends the idempotency key of the keyed call running on the current thread ({@link IdempotencyKeys#current()})
 * as the {@value #HEADER} header, so that the server can deduplicate retried requests. Requests made outside a
 * keyed call, and requests that already carry the header, go out unchanged. Register it on a
 * {@code RestClient.Builder} or {@code RestTemplate}; {@link RetryRestClientCustomizer} does so for Spring Boot's
 * builder. Stateless and thread-safe.
 */
public final class IdempotencyKeyInterceptor implements ClientHttpRequestInterceptor {

    /** The header that carries the key. */
    public static final String HEADER = "Idempotency-Key";

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        String key = IdempotencyKeys.current();
        if (key != null && !request.getHeaders().containsHeader(HEADER)) {
            request.getHeaders().set(HEADER, key);
        }
        return execution.execute(request, body);
    }
}
