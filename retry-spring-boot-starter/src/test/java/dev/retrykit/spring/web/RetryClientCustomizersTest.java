package dev.retrykit.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

class RetryClientCustomizersTest {

    @Test
    void restClientCustomizerAddsTheInterceptorOnce() {
        RestClient.Builder builder = RestClient.builder();
        RetryRestClientCustomizer customizer = new RetryRestClientCustomizer();

        customizer.customize(builder);
        customizer.customize(builder);

        builder.requestInterceptors(interceptors ->
                assertThat(interceptors).hasSize(1).hasOnlyElementsOfType(IdempotencyKeyInterceptor.class));
    }

    @Test
    void webClientCustomizerAddsTheFilterOnce() {
        WebClient.Builder builder = WebClient.builder();
        RetryWebClientCustomizer customizer = new RetryWebClientCustomizer();

        customizer.customize(builder);
        customizer.customize(builder);

        builder.filters(filters -> assertThat(filters).hasSize(1).hasOnlyElementsOfType(IdempotencyKeyExchangeFilter.class));
    }
}
