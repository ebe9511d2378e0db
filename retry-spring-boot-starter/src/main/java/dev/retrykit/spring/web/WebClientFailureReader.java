package dev.retrykit.spring.web;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/**
 * Reads spring-webflux's {@code WebClient} failures: a {@link WebClientResponseException} carries the response; a
 * {@link WebClientRequestException} means the exchange failed before a response (connection, timeout). Loaded
 * only when WebFlux is on the classpath: no always-loaded class names this type. Stateless.
 */
final class WebClientFailureReader implements HttpFailureReader {

    private static final HttpFailureReader INSTANCE = new WebClientFailureReader();

    private WebClientFailureReader() {
    }

    /** The reader; declared as the interface so that callers never resolve WebFlux types themselves. */
    static HttpFailureReader instance() {
        return INSTANCE;
    }

    @Override
    public int statusCode(Throwable failure) {
        return failure instanceof WebClientResponseException response ? response.getStatusCode().value() : NOT_A_RESPONSE;
    }

    @Override
    public String retryAfter(Throwable failure) {
        return ((WebClientResponseException) failure).getHeaders().getFirst(HttpHeaders.RETRY_AFTER);
    }

    @Override
    public boolean isRequestFailure(Throwable failure) {
        return failure instanceof WebClientRequestException;
    }
}
