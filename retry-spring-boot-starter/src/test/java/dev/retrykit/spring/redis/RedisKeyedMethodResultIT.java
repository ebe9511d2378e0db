package dev.retrykit.spring.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.annotation.Retryable;
import dev.retrykit.spring.autoconfigure.RetryAopAutoConfiguration;
import dev.retrykit.spring.autoconfigure.RetryAutoConfiguration;
import dev.retrykit.spring.autoconfigure.RetryRedisAutoConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A keyed {@code @Retryable} method's stored result, answered to a duplicate on another instance (another
 * application context on the same Redis), is read back as the method's declared generic return type (issue 15,
 * point 10: a {@code List<Quote>} used to come back as a list of maps).
 */
class RedisKeyedMethodResultIT {

    private static TestRedis redis;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RetryAutoConfiguration.class,
                    RetryRedisAutoConfiguration.class, RetryAopAutoConfiguration.class))
            .withUserConfiguration(Beans.class)
            .withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
                    "spring.data.redis.timeout=500ms", "retry.store.type=redis", "retry.store.redis.key-prefix=typed");

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    /** A result element type. */
    public record Quote(String symbol, double price) {
    }

    /** Keyed quote lookups; counts the runs of its bodies. */
    public static class QuoteDesk {
        private final AtomicInteger runs = new AtomicInteger();

        public int runs() {
            return runs.get();
        }

        @Retryable(service = "quotes", idempotencyKey = "#p0")
        public List<Quote> quotes(String request) {
            runs.incrementAndGet();
            return List.of(new Quote("ACME", 12.5), new Quote("INIT", 3));
        }

        @Retryable(service = "quotes", idempotencyKey = "'async-' + #p0")
        public CompletableFuture<List<Quote>> quotesAsync(String request) {
            runs.incrementAndGet();
            return CompletableFuture.completedFuture(List.of(new Quote("ACME", 12.5)));
        }

        @Retryable(service = "quotes", idempotencyKey = "'mono-' + #p0")
        public Mono<List<Quote>> quotesMono(String request) {
            return Mono.fromSupplier(() -> {
                runs.incrementAndGet();
                return List.of(new Quote("MONO", 7.5));
            });
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        QuoteDesk quoteDesk() {
            return new QuoteDesk();
        }
    }

    @Test
    void aDuplicateOnAnotherInstanceGetsTheDeclaredGenericType() {
        runner.run(first -> runner.run(second -> {
            QuoteDesk one = first.getBean(QuoteDesk.class);
            QuoteDesk other = second.getBean(QuoteDesk.class);
            List<Quote> original = one.quotes("r-1");
            List<Quote> originalAsync = one.quotesAsync("r-2").get(10, TimeUnit.SECONDS);
            List<Quote> originalMono = one.quotesMono("r-3").block(Duration.ofSeconds(10));

            List<Quote> duplicate = other.quotes("r-1");
            List<Quote> duplicateAsync = other.quotesAsync("r-2").get(10, TimeUnit.SECONDS);
            List<Quote> duplicateMono = other.quotesMono("r-3").block(Duration.ofSeconds(10));

            assertThat(other.runs()).as("the duplicates ran nowhere").isZero();
            assertThat(duplicate).hasOnlyElementsOfType(Quote.class).isEqualTo(original);
            assertThat(duplicate.get(0).price()).isEqualTo(12.5);
            assertThat(duplicateAsync).hasOnlyElementsOfType(Quote.class).isEqualTo(originalAsync);
            assertThat(duplicateMono).hasOnlyElementsOfType(Quote.class).isEqualTo(originalMono);
        }));
    }
}
