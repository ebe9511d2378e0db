package dev.retrykit.spring.web;

import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;

/**
 * Reads spring-web's failures, as thrown by {@code RestClient} and {@code RestTemplate}: a
 * {@link RestClientResponseException} (and its subclasses {@code HttpClientErrorException},
 * {@code HttpServerErrorException}) carries the response; a {@link ResourceAccessException} wrapping an
 * {@link IOException} means no response came. Loaded only when spring-web is on the classpath. Stateless.
 */
final class RestClientFailureReader implements HttpFailureReader {

    private static final HttpFailureReader INSTANCE = new RestClientFailureReader();

    private RestClientFailureReader() {
    }

    /** The reader; declared as the interface so that callers never resolve spring-web types themselves. */
    static HttpFailureReader instance() {
        return INSTANCE;
    }

    @Override
    public int statusCode(Throwable failure) {
        return failure instanceof RestClientResponseException response ? response.getStatusCode().value() : NOT_A_RESPONSE;
    }

    @Override
    public String retryAfter(Throwable failure) {
        HttpHeaders headers = ((RestClientResponseException) failure).getResponseHeaders();
        return headers == null ? null : headers.getFirst(HttpHeaders.RETRY_AFTER);
    }

    @Override
    public boolean isRequestFailure(Throwable failure) {
        return failure instanceof ResourceAccessException && failure.getCause() instanceof IOException;
    }
}
