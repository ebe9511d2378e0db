package dev.retrykit.spring.docs.snippets;

import dev.retrykit.annotation.CircuitGuarded;
import dev.retrykit.annotation.Fallback;
import dev.retrykit.annotation.Priority;
import dev.retrykit.annotation.Retryable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Service;
import org.springframework.web.client.HttpClientErrorException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The code of docs/annotations.md, compiled with the tests. */
final class AnnotationSnippets {

    private AnnotationSnippets() {
    }

    record Order(String id, long amountCents) {
    }

    record Receipt(String orderId, String status) {
    }

    record Job(String id, String state) {
        boolean pending() {
            return "PENDING".equals(state);
        }
    }

    interface PaymentGateway {
        Receipt charge(Order order) throws IOException;
    }

    interface Upstream {
        Job job(String id);

        CompletableFuture<String> summaryAsync(String id);

        Mono<String> profile(String user);

        Flux<String> lines(String file);

        List<String> recommendations(String user);
    }

    @Service
    public static class PaymentClient {

        private final PaymentGateway gateway;

        public PaymentClient(PaymentGateway gateway) {
            this.gateway = gateway;
        }

        @Retryable(value = "payments", maxAttempts = 4, idempotencyKey = "#order.id",
                retryOn = IOException.class, noRetryOn = HttpClientErrorException.BadRequest.class,
                priority = Priority.CRITICAL)
        public Receipt charge(Order order) throws IOException {
            return gateway.charge(order);
        }
    }

    @Service
    public static class JobClient {

        private final Upstream upstream;

        public JobClient(Upstream upstream) {
            this.upstream = upstream;
        }

        @Retryable(value = "jobs", retryOnResult = "#result.pending()")
        public Job awaitJob(String id) {
            return upstream.job(id);
        }

        @Retryable("summaries")
        public CompletableFuture<String> summary(String id) {
            return upstream.summaryAsync(id);
        }

        @Retryable("profiles")
        public Mono<String> profile(String user) {
            return upstream.profile(user);
        }

        @Retryable("files")
        public Flux<String> lines(String file) {
            return upstream.lines(file);
        }
    }

    @Service
    public static class RecommendationClient {

        private final Upstream upstream;

        public RecommendationClient(Upstream upstream) {
            this.upstream = upstream;
        }

        @CircuitGuarded("recommendations")
        @Fallback(method = "popular")
        public List<String> forUser(String user) {
            return upstream.recommendations(user);
        }

        List<String> popular(String user, Throwable failure) {
            return List.of("bestsellers");
        }
    }
}
