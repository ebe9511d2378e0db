package dev.retrykit.spring.web;

import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;

/**
 * Adds an {@link IdempotencyKeyInterceptor} to Spring Boot's {@code RestClient.Builder} (once, however often it
 * is applied), so that every client built from it sends the key of a keyed call. Stateless and thread-safe.
 */
public final class RetryRestClientCustomizer implements RestClientCustomizer {

    @Override
    public void customize(RestClient.Builder builder) {
        builder.requestInterceptors(interceptors -> {
            for (ClientHttpRequestInterceptor interceptor : interceptors) {
                if (interceptor instanceof IdempotencyKeyInterceptor) {
                    return;
                }
            }
            interceptors.add(new IdempotencyKeyInterceptor());
        });
    }
}
