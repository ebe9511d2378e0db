package dev.retrykit.spring.web;

import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.classify.ClassifierProvider;
import dev.retrykit.core.classify.ErrorClassifier;
import java.util.ArrayList;
import java.util.List;
import org.springframework.util.ClassUtils;

/**
 * Classifies the failures of Spring's HTTP clients by the policy's
 * {@link ServicePolicy#retryableStatusCodes() retryable status codes}: {@code RestClientResponseException} (thrown
 * by {@code RestClient} and {@code RestTemplate}) and, when spring-webflux is on the classpath,
 * {@code WebClientResponseException}, found anywhere in the cause chain.
 * <ul>
 *   <li>a status in {@code retryable-status-codes}: retryable, with the response's {@code Retry-After} (seconds or
 *       HTTP-date) attached, which the retry honours when {@code respect-retry-after} is on;</li>
 *   <li>another 4xx: the caller's fault, neither retried nor counted as a failure by the circuit breaker;</li>
 *   <li>another 5xx (or any other status): not retryable;</li>
 *   <li>no response ({@code ResourceAccessException} wrapping an {@code IOException},
 *       {@code WebClientRequestException}, {@code ConnectException}, {@code SocketTimeoutException},
 *       {@code HttpTimeoutException}): retryable;</li>
 *   <li>anything else: no opinion, the exception lists decide.</li>
 * </ul>
 * A status that is not retryable is left to the exception lists when its exception type is listed in the policy's
 * retryable exceptions (e.g. {@code HttpClientErrorException$Conflict}).
 *
 * <p>Both client libraries are optional: each is used only when present. Immutable and thread-safe.
 */
public final class HttpStatusClassifierProvider implements ClassifierProvider {

    private static final String SPRING_WEB_RESPONSE_EXCEPTION = "org.springframework.web.client.RestClientResponseException";
    private static final String WEBFLUX_RESPONSE_EXCEPTION =
            "org.springframework.web.reactive.function.client.WebClientResponseException";

    private final HttpFailureReader[] readers;

    /** A provider for the HTTP clients visible to the default class loader. */
    public HttpStatusClassifierProvider() {
        this(null);
    }

    /**
     * A provider for the HTTP clients visible to {@code classLoader}.
     *
     * @param classLoader where to look for spring-web and spring-webflux; {@code null} = the default class loader
     */
    public HttpStatusClassifierProvider(ClassLoader classLoader) {
        List<HttpFailureReader> present = new ArrayList<>(2);
        if (ClassUtils.isPresent(SPRING_WEB_RESPONSE_EXCEPTION, classLoader)) {
            present.add(RestClientFailureReader.instance());
        }
        if (ClassUtils.isPresent(WEBFLUX_RESPONSE_EXCEPTION, classLoader)) {
            present.add(WebClientFailureReader.instance());
        }
        this.readers = present.toArray(new HttpFailureReader[0]);
    }

    /** A classifier reading {@code policy}'s retryable status codes and retryable exceptions; never {@code null}. */
    @Override
    public ErrorClassifier classifierFor(ServicePolicy policy) {
        return new HttpStatusClassifier(readers, policy.retryableStatusCodes(), policy.retryableExceptions());
    }
}
