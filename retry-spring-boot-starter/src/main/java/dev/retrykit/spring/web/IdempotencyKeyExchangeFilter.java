package dev.retrykit.spring.web;

import dev.retrykit.core.idempotency.IdempotencyKeys;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * The {@code WebClient} counterpart of {@link IdempotencyKeyInterceptor}: sends the idempotency key of the keyed
 * call as the {@value IdempotencyKeyInterceptor#HEADER} header. {@code WebClient} runs filters when the response is
 * subscribed to, so the key is read on the subscribing thread: a blocking keyed call ({@code block()} inside
 * {@code IdempotentCalls.execute}) sends it; a subscription on another thread does not. Requests that already carry
 * the header go out unchanged. Stateless and thread-safe.
 */
public final class IdempotencyKeyExchangeFilter implements ExchangeFilterFunction {

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        String key = IdempotencyKeys.current();
        if (key == null || request.headers().containsHeader(IdempotencyKeyInterceptor.HEADER)) {
            return next.exchange(request);
        }
        return next.exchange(ClientRequest.from(request).header(IdempotencyKeyInterceptor.HEADER, key).build());
    }
}
