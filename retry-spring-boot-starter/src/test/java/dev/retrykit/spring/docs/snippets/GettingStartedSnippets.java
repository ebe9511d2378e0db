package dev.retrykit.spring.docs.snippets;

import dev.retrykit.annotation.Fallback;
import dev.retrykit.annotation.Retryable;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;

/** The code of docs/getting-started.md; compiled with the tests so that the guide never shows code that does not build. */
final class GettingStartedSnippets {

    private GettingStartedSnippets() {
    }

    record Quote(String symbol, double price) {
    }

    @Service
    public static class QuoteClient {

        private final RestClient restClient;

        public QuoteClient(RestClient.Builder builder) {
            this.restClient = builder.baseUrl("https://quotes.example.com").build();
        }

        @Retryable("quotes")
        @Fallback(cache = "quotes")
        public Quote fetch(String symbol) {
            return restClient.get().uri("/quotes/{symbol}", symbol).retrieve().body(Quote.class);
        }
    }
}
