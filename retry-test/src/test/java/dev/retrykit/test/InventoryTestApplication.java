package dev.retrykit.test;

import dev.retrykit.annotation.Retryable;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** A small application whose one guarded bean fails its first {@code failuresLeft} calls. */
@SpringBootConfiguration
@EnableAutoConfiguration
class InventoryTestApplication {

    @Bean
    Inventory inventory() {
        return new Inventory();
    }

    static class Inventory {

        private final AtomicInteger invocations = new AtomicInteger();
        private final AtomicInteger failuresLeft = new AtomicInteger();

        /** Fails the next {@code calls} invocations and forgets earlier invocations. */
        public void failNext(int calls) {
            failuresLeft.set(calls);
            invocations.set(0);
        }

        /** Invocations of the method body since the last {@link #failNext}. */
        public int invocations() {
            return invocations.get();
        }

        @Retryable("inventory")
        public String stock(String sku) throws SQLTransientConnectionException {
            invocations.incrementAndGet();
            if (failuresLeft.getAndDecrement() > 0) {
                throw new SQLTransientConnectionException("connection reset");
            }
            return "42 x " + sku;
        }
    }
}
