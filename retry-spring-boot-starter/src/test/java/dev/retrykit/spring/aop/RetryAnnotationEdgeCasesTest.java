package dev.retrykit.spring.aop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.retrykit.annotation.Fallback;
import dev.retrykit.annotation.Retryable;
import dev.retrykit.spring.autoconfigure.RetryAopAutoConfiguration;
import dev.retrykit.spring.autoconfigure.RetryAutoConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCache;
import org.springframework.cache.support.SimpleCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/** Fallbacks with idempotency keys, cache outages, reactive stale values and non-blocking chaos. */
class RetryAnnotationEdgeCasesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RetryAutoConfiguration.class, RetryAopAutoConfiguration.class))
            .withUserConfiguration(Beans.class)
            .withPropertyValues("retry.services.edge.strategy=fixed", "retry.services.edge.base-delay=1ms",
                    "retry.services.edge.max-delay=1ms", "retry.services.edge.max-attempts=2",
                    "retry.services.edge.retryable-exceptions=java.io.IOException");

    @Test
    void aFallbackAnswerReleasesTheIdempotencyKey() {
        runner.run(context -> {
            Payments payments = context.getBean(Payments.class);
            payments.failNext(2);

            assertThat(payments.pay("order-1")).isEqualTo("degraded:order-1");
            assertThat(payments.pay("order-1")).isEqualTo("charged:order-1#1");
            assertThat(payments.pay("order-1")).isEqualTo("charged:order-1#1");
        });
    }

    @Test
    void asynchronousKeyedCallsRunOncePerKeyAcrossRetries() {
        runner.run(context -> {
            Payments payments = context.getBean(Payments.class);
            payments.failNext(1);

            assertThat(payments.payAsync("order-2").get(10, TimeUnit.SECONDS)).isEqualTo("charged:order-2#1 key=order-2");
            assertThat(payments.payAsync("order-2").get(10, TimeUnit.SECONDS)).isEqualTo("charged:order-2#1 key=order-2");
            assertThat(payments.payMono("order-3").block(Duration.ofSeconds(10))).isEqualTo("charged:order-3#2");
            assertThat(payments.payMono("order-3").block(Duration.ofSeconds(10))).isEqualTo("charged:order-3#2");
        });
    }

    @Test
    void aKeyThatEvaluatesToNullIsRefusedInsteadOfRunningUnprotected() {
        runner.run(context -> assertThatThrownBy(() -> context.getBean(Payments.class).pay(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("#orderId").hasMessageContaining("null"));
    }

    @Test
    void aCacheOutageNeitherFailsASuccessfulCallNorHidesTheFallback() {
        runner.withUserConfiguration(BrokenCache.class).run(context -> {
            Payments payments = context.getBean(Payments.class);

            assertThat(payments.quote("ACME")).isEqualTo("quote:ACME");
            payments.failNext(5);
            assertThatThrownBy(() -> payments.quote("ACME")).isInstanceOf(IOException.class);
        });
    }

    @Test
    void aMonoIsServedStaleFromTheCacheByItsValue() {
        runner.run(context -> {
            Payments payments = context.getBean(Payments.class);
            assertThat(payments.quoteMono("ACME").block(Duration.ofSeconds(10))).isEqualTo("quote:ACME");

            payments.failNext(5);
            assertThat(payments.quoteMono("ACME").block(Duration.ofSeconds(10))).isEqualTo("quote:ACME");
        });
    }

    @Test
    void chaosLatencyDelaysAsynchronousCallsWithoutBlockingTheCaller() {
        runner.withPropertyValues("retry.chaos.enabled=true", "retry.chaos.services.edge.latency=300ms")
                .run(context -> {
                    CompletableFuture<String> result = context.getBean(Payments.class).quoteAsync("ACME");

                    assertThat(result).isNotDone();
                    assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("quote:ACME");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        Payments payments() {
            return new Payments();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BrokenCache {
        @Bean
        CacheManager cacheManager() {
            SimpleCacheManager manager = new SimpleCacheManager();
            manager.setCaches(java.util.List.of(new ConcurrentMapCache("mono-quotes"), new ConcurrentMapCache("quotes") {
                @Override
                public void put(Object key, Object value) {
                    throw new IllegalStateException("cache down");
                }

                @Override
                public ValueWrapper get(Object key) {
                    throw new IllegalStateException("cache down");
                }

                @Override
                public <T> T get(Object key, Callable<T> valueLoader) {
                    throw new IllegalStateException("cache down");
                }
            }));
            manager.initializeCaches();
            return manager;
        }
    }

    static class Payments {
        private final AtomicInteger failures = new AtomicInteger();
        private final AtomicInteger charges = new AtomicInteger();

        public void failNext(int count) {
            failures.set(count);
        }

        private void maybeFail() throws IOException {
            if (failures.getAndDecrement() > 0) {
                throw new IOException("down");
            }
        }

        @Retryable(value = "edge", idempotencyKey = "#orderId")
        @Fallback(method = "degraded")
        public String pay(String orderId) throws IOException {
            maybeFail();
            return "charged:" + orderId + "#" + charges.incrementAndGet();
        }

        @Retryable(value = "edge", idempotencyKey = "#orderId")
        public CompletableFuture<String> payAsync(String orderId) {
            if (failures.getAndDecrement() > 0) {
                return CompletableFuture.failedFuture(new IOException("down"));
            }
            return CompletableFuture.completedFuture("charged:" + orderId + "#" + charges.incrementAndGet()
                    + " key=" + dev.retrykit.core.idempotency.IdempotencyKeys.current());
        }

        @Retryable(value = "edge", idempotencyKey = "#orderId")
        public Mono<String> payMono(String orderId) {
            return Mono.fromCallable(() -> "charged:" + orderId + "#" + charges.incrementAndGet());
        }

        String degraded(String orderId) {
            return "degraded:" + orderId;
        }

        @Retryable("edge")
        @Fallback(cache = "quotes")
        public String quote(String symbol) throws IOException {
            maybeFail();
            return "quote:" + symbol;
        }

        @Retryable("edge")
        @Fallback(cache = "mono-quotes")
        public Mono<String> quoteMono(String symbol) {
            return Mono.fromCallable(() -> {
                maybeFail();
                return "quote:" + symbol;
            });
        }

        @Retryable("edge")
        public CompletableFuture<String> quoteAsync(String symbol) {
            return CompletableFuture.completedFuture("quote:" + symbol);
        }
    }
}
