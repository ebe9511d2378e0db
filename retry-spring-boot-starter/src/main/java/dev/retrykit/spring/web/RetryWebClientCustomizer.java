package dev.retrykit.spring.web;

import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Adds an {@link IdempotencyKeyExchangeFilter} to Spring Boot's {@code WebClient.Builder} (once, however often it
 * is applied), so that every client built from it sends the key of a keyed call. Stateless and thread-safe.
 */
public final class RetryWebClientCustomizer implements WebClientCustomizer {

    @Override
    public void customize(WebClient.Builder builder) {
        builder.filters(filters -> {
            for (ExchangeFilterFunction filter : filters) {
                if (filter instanceof IdempotencyKeyExchangeFilter) {
                    return;
                }
            }
            filters.add(new IdempotencyKeyExchangeFilter());
        });
    }
}
