package dev.retrykit.spring.docs.snippets;

import dev.retrykit.annotation.CircuitGuarded;
import dev.retrykit.annotation.Fallback;
import dev.retrykit.annotation.Retryable;
import java.io.IOException;
import org.springframework.stereotype.Service;

/** The retrykit side of the migration guides under docs/migration/, compiled with the tests. */
final class MigrationSnippets {

    private MigrationSnippets() {
    }

    interface Backend {
        String fetch(String id) throws IOException;
    }

    @Service
    public static class InventoryClient {

        private final Backend backend;

        public InventoryClient(Backend backend) {
            this.backend = backend;
        }

        @Retryable("inventory")
        @Fallback(method = "unknown")
        public String stock(String sku) throws IOException {
            return backend.fetch(sku);
        }

        String unknown(String sku, Throwable failure) {
            return "unknown";
        }

        @CircuitGuarded("catalog")
        public String product(String id) throws IOException {
            return backend.fetch(id);
        }
    }
}
