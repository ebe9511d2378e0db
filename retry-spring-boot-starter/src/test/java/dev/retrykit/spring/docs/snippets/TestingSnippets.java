package dev.retrykit.spring.docs.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.GuardedService;
import dev.retrykit.core.ServiceRegistry;
import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The code of docs/testing.md: a real test, so it runs with the build. */
class TestingSnippets {

    @Test
    void retriesOnVirtualTime() {
        ManualClock clock = new ManualClock();
        ServiceRegistry registry = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock).build();
        GuardedService inventory = registry.service("inventory", "database");
        AtomicInteger calls = new AtomicInteger();

        String stock = inventory.call(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new java.sql.SQLTransientConnectionException("connection reset");
            }
            return "42 in stock";
        });

        assertThat(stock).isEqualTo("42 in stock");
        assertThat(calls).hasValue(3);
        assertThat(clock.sleepCount()).isEqualTo(2);
        assertThat(inventory.statistics().retries()).isEqualTo(2);
        registry.close();
    }

    @Test
    void givesUpWithTheLastOriginalException() {
        ManualClock clock = new ManualClock();
        ServiceRegistry registry = ServiceRegistry.builder().clock(clock).sleeper(clock).scheduler(clock).build();
        GuardedService quotes = registry.service("quotes", "http-api");

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> quotes.call(() -> {
            throw new IOException("upstream down");
        }));

        assertThat(thrown).isInstanceOf(IOException.class).hasMessage("upstream down");
        assertThat(thrown.getSuppressed()).hasSize(2);
        registry.close();
    }
}
