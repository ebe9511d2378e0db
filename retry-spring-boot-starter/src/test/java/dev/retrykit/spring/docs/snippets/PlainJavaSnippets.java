package dev.retrykit.spring.docs.snippets;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
import java.util.concurrent.CompletableFuture;

/** The README's plain-Java example (retry-core without Spring), compiled with the tests. */
final class PlainJavaSnippets {

    private PlainJavaSnippets() {
    }

    interface QuoteApi {
        String fetch(String symbol) throws java.io.IOException;

        CompletableFuture<String> fetchAsync(String symbol);
    }

    static void example(QuoteApi client) throws Exception {
        ServiceRegistry registry = ServiceRegistry.builder().build();
        GuardedService quotes = registry.service("quotes", "http-api");
        String body = quotes.call(() -> client.fetch("ACME"));                               // blocking
        CompletableFuture<String> later = quotes.callAsync(() -> client.fetchAsync("ACME")); // non-blocking
        registry.close();
    }
}
