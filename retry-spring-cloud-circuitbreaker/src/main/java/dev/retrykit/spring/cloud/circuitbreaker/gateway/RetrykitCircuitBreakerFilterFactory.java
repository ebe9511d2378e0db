package dev.retrykit.spring.cloud.circuitbreaker.gateway;

import dev.retrykit.core.AttemptTimeoutException;
import dev.retrykit.core.CallRejectedException;
import dev.retrykit.core.DeadlineExceededException;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.SpringCloudCircuitBreakerFilterFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.gateway.support.ServiceUnavailableException;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Spring Cloud Gateway's {@code CircuitBreaker} route filter backed by retrykit: the route's calls are guarded calls of
 * the retrykit service named by the filter ({@code CircuitBreaker=payments}), or by the route id. The service's
 * policy retries the upstream request (the filter's {@code statusCodes}, e.g. 503, become retryable failures when the
 * service's {@code retryable-status-codes} hold them; refused connections always are), and the {@code fallbackUri}
 * serves what survives.
 *
 * <p>Each retry re-sends the request: the upstream connection of the failed attempt is released and the routing state
 * reset first, as the gateway's own {@code Retry} filter does. The gateway caches request bodies of routes with a
 * {@code fallbackUri}; a route without one that carries bodies should cache them ({@code CacheRequestBody}) or use a
 * service without retries.
 *
 * <p>Without a {@code fallbackUri}, a timeout answers 504, a rejection (open breaker, full bulkhead, load shedding)
 * 503, and other failures go on to the gateway's error handling (or end empty with {@code resumeWithoutError}).
 */
public class RetrykitCircuitBreakerFilterFactory extends SpringCloudCircuitBreakerFilterFactory {

    /**
     * @param reactiveCircuitBreakerFactory retrykit's reactive factory
     * @param dispatcherHandlerProvider     the handler that serves {@code forward:} fallback URIs
     */
    public RetrykitCircuitBreakerFilterFactory(ReactiveCircuitBreakerFactory<?, ?> reactiveCircuitBreakerFactory,
                                               ObjectProvider<DispatcherHandler> dispatcherHandlerProvider) {
        super(reactiveCircuitBreakerFactory, dispatcherHandlerProvider);
    }

    /** The gateway's breaker filter, whose chain is reset before every attempt after the first. */
    @Override
    public GatewayFilter apply(Config config) {
        GatewayFilter breaker = super.apply(config);
        return new GatewayFilter() {
            @Override
            public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
                return breaker.filter(exchange, new RetryableChain(chain));
            }

            @Override
            public String toString() {
                return breaker.toString();
            }
        };
    }

    @Override
    protected Mono<Void> handleErrorWithoutFallback(Throwable failure, boolean resumeWithoutError) {
        if (failure instanceof AttemptTimeoutException || failure instanceof DeadlineExceededException
                || failure instanceof TimeoutException) {
            return Mono.error(new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, failure.getMessage(), failure));
        }
        if (failure instanceof CallRejectedException) {
            return Mono.error(new ServiceUnavailableException(failure.getMessage()));
        }
        if (resumeWithoutError) {
            return Mono.empty();
        }
        return Mono.error(failure);
    }

    /**
     * The rest of the route's chain, once per attempt: every subscription after the first releases the previous
     * attempt's upstream connection and clears the routing state, so the request is routed and sent again. One per
     * request; attempts follow one another, never overlap (hedging aside, which a gateway service should not use).
     */
    private static final class RetryableChain implements GatewayFilterChain {

        private final GatewayFilterChain chain;
        private volatile boolean attempted;

        RetryableChain(GatewayFilterChain chain) {
            this.chain = chain;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange) {
            return Mono.defer(() -> {
                if (attempted) {
                    releaseUpstream(exchange);
                } else {
                    attempted = true;
                }
                return chain.filter(exchange);
            });
        }

        private static void releaseUpstream(ServerWebExchange exchange) {
            Object connection = exchange.getAttributes().remove(ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR);
            if (connection instanceof Disposable disposable) {
                disposable.dispose();
            }
            ServerWebExchangeUtils.reset(exchange);
        }
    }
}
