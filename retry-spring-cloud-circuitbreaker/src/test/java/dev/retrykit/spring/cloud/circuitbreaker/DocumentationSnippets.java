package dev.retrykit.spring.cloud.circuitbreaker;

import dev.retrykit.annotation.Priority;
import java.util.concurrent.TimeoutException;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The reactive and configuration code of docs/spring-cloud-circuitbreaker.md, compiled with the tests. */
final class DocumentationSnippets {

    private DocumentationSnippets() {
    }

    record Quote(String symbol, double price) {
        static final Quote UNKNOWN = new Quote("?", 0);
    }

    record Rate(String currency, double value) {
    }

    static void reactive(ReactiveCircuitBreakerFactory<?, ?> reactiveCircuitBreakers, WebClient webClient, Flux<Rate> ratesFlux) {
        Mono<Quote> quote = reactiveCircuitBreakers.create("quotes").run(webClient.get().retrieve().bodyToMono(Quote.class),
                failure -> Mono.just(Quote.UNKNOWN));
        Flux<Rate> rates = reactiveCircuitBreakers.create("rates").run(ratesFlux, failure -> Flux.empty());
        quote.subscribe();
        rates.subscribe();
    }

    static class Configuration {

        @Bean
        Customizer<RetrykitCircuitBreakerFactory> partners() {
            return factory -> {
                factory.configureDefault(id -> new RetrykitConfigBuilder(id).template("http-api").build());
                factory.configure(builder -> builder.maxAttempts(4).priority(Priority.HIGH), "partners", "rates");
                factory.configure(RetrykitConfigBuilder::withoutRetries, "checkout");   // one attempt, like @CircuitGuarded
            };
        }

        @Bean
        Customizer<ReactiveRetrykitCircuitBreakerFactory> reactivePartners() {
            return factory -> factory.configure(builder -> builder.retryOn(TimeoutException.class), "quotes");
        }
    }
}
