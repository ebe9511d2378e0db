package dev.retrykit.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.core.ServicePolicy;
import dev.retrykit.core.TemplateRegistry;
import dev.retrykit.core.classify.Classification;
import dev.retrykit.core.classify.ErrorClassifier;
import dev.retrykit.core.classify.Verdict;
import dev.retrykit.core.time.ManualClock;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

class HttpStatusClassifierProviderTest {

    private final ServicePolicy httpApi = TemplateRegistry.builtIn().resolve("http-api");
    private final ErrorClassifier classifier = new HttpStatusClassifierProvider().classifierFor(httpApi);

    @Test
    void retryableStatusIsRetryable() {
        assertThat(classifier.classify(serverError(HttpStatus.SERVICE_UNAVAILABLE, null))).isEqualTo(Classification.RETRYABLE);
        assertThat(classifier.classify(clientError(HttpStatus.REQUEST_TIMEOUT, null))).isEqualTo(Classification.RETRYABLE);
    }

    @Test
    void retryAfterSecondsTravelsWithTheClassification() {
        Classification classification = classifier.classify(clientError(HttpStatus.TOO_MANY_REQUESTS, "3"));

        assertThat(classification.retryable()).isTrue();
        assertThat(classification.retryAfter().delayNanos(new ManualClock())).isEqualTo(Duration.ofSeconds(3).toNanos());
    }

    @Test
    void retryAfterHttpDateTravelsWithTheClassification() {
        ManualClock clock = new ManualClock();
        String date = DateTimeFormatter.RFC_1123_DATE_TIME
                .format(Instant.ofEpochMilli(clock.currentTimeMillis() + 7_000).atOffset(ZoneOffset.UTC));

        Classification classification = classifier.classify(serverError(HttpStatus.SERVICE_UNAVAILABLE, date));

        assertThat(classification.retryAfter().delayNanos(clock)).isEqualTo(Duration.ofSeconds(7).toNanos());
    }

    @Test
    void malformedRetryAfterIsIgnored() {
        assertThat(classifier.classify(clientError(HttpStatus.TOO_MANY_REQUESTS, "soon"))).isEqualTo(Classification.RETRYABLE);
    }

    @Test
    void otherClientErrorIsTheCallersFault() {
        assertThat(classifier.classify(clientError(HttpStatus.NOT_FOUND, null))).isEqualTo(Classification.CALLER_FAULT);
        assertThat(classifier.classify(clientError(HttpStatus.BAD_REQUEST, null))).isEqualTo(Classification.CALLER_FAULT);
    }

    @Test
    void otherServerErrorIsNotRetryable() {
        assertThat(classifier.classify(serverError(HttpStatus.NOT_IMPLEMENTED, null))).isEqualTo(Classification.NON_RETRYABLE);
    }

    @Test
    void statusCodesComeFromThePolicy() {
        ServicePolicy only409 = httpApi.toBuilder().retryableStatusCodes(Set.of(409)).build();
        ErrorClassifier custom = new HttpStatusClassifierProvider().classifierFor(only409);

        assertThat(custom.classify(clientError(HttpStatus.CONFLICT, null))).isEqualTo(Classification.RETRYABLE);
        assertThat(custom.classify(serverError(HttpStatus.SERVICE_UNAVAILABLE, null))).isEqualTo(Classification.NON_RETRYABLE);
    }

    @Test
    void responseIsFoundInTheCauseChain() {
        Exception wrapped = new IllegalStateException("quote lookup failed", serverError(HttpStatus.BAD_GATEWAY, null));

        assertThat(classifier.classify(wrapped)).isEqualTo(Classification.RETRYABLE);
    }

    @Test
    void statusListedAmongRetryableExceptionsIsLeftToTheExceptionLists() {
        ServicePolicy retriesConflicts = httpApi.toBuilder().retryOn(HttpClientErrorException.Conflict.class).build();
        ErrorClassifier custom = new HttpStatusClassifierProvider().classifierFor(retriesConflicts);

        assertThat(custom.classify(clientError(HttpStatus.CONFLICT, null))).isNull();
        assertThat(custom.classify(clientError(HttpStatus.NOT_FOUND, null))).isEqualTo(Classification.CALLER_FAULT);
    }

    @Test
    void failureWithoutResponseIsRetryable() {
        assertThat(classifier.classify(new ResourceAccessException("I/O error", new IOException("Connection reset"))))
                .isEqualTo(Classification.RETRYABLE);
        assertThat(classifier.classify(new ConnectException("Connection refused"))).isEqualTo(Classification.RETRYABLE);
        assertThat(classifier.classify(new RuntimeException(new SocketTimeoutException("Read timed out"))))
                .isEqualTo(Classification.RETRYABLE);
        assertThat(classifier.classify(new HttpTimeoutException("request timed out"))).isEqualTo(Classification.RETRYABLE);
    }

    @Test
    void webClientFailuresAreClassifiedLikeRestClientFailures() {
        WebClientResponseException unavailable = WebClientResponseException.create(503, "Service Unavailable",
                retryAfter("2"), new byte[0], StandardCharsets.UTF_8);
        WebClientResponseException notFound = WebClientResponseException.create(404, "Not Found",
                HttpHeaders.EMPTY, new byte[0], StandardCharsets.UTF_8);
        WebClientRequestException refused = new WebClientRequestException(new ConnectException("Connection refused"),
                HttpMethod.GET, URI.create("http://127.0.0.1:1/quotes"), HttpHeaders.EMPTY);

        assertThat(classifier.classify(unavailable).retryAfter().delayNanos(new ManualClock()))
                .isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(classifier.classify(notFound)).isEqualTo(Classification.CALLER_FAULT);
        assertThat(classifier.classify(refused)).isEqualTo(Classification.RETRYABLE);
    }

    @Test
    void hasNoOpinionOnOtherFailures() {
        assertThat(classifier.classify(new IllegalArgumentException("bad symbol"))).isNull();
        assertThat(classifier.classify(new ResourceAccessException("no I/O cause"))).isNull();
    }

    @Test
    void worksWithoutWebFlux() {
        FilteredClassLoader withoutWebFlux = new FilteredClassLoader("org.springframework.web.reactive");
        ErrorClassifier restOnly = new HttpStatusClassifierProvider(withoutWebFlux).classifierFor(httpApi);
        WebClientResponseException webClientFailure = WebClientResponseException.create(503, "Service Unavailable",
                HttpHeaders.EMPTY, new byte[0], StandardCharsets.UTF_8);

        assertThat(restOnly.classify(serverError(HttpStatus.SERVICE_UNAVAILABLE, null)).verdict()).isEqualTo(Verdict.RETRYABLE);
        assertThat(restOnly.classify(webClientFailure)).isNull();
    }

    private static HttpClientErrorException clientError(HttpStatus status, String retryAfter) {
        return HttpClientErrorException.create(status, status.getReasonPhrase(), retryAfter(retryAfter), new byte[0],
                StandardCharsets.UTF_8);
    }

    private static HttpServerErrorException serverError(HttpStatus status, String retryAfter) {
        return HttpServerErrorException.create(status, status.getReasonPhrase(), retryAfter(retryAfter), new byte[0],
                StandardCharsets.UTF_8);
    }

    private static HttpHeaders retryAfter(String value) {
        HttpHeaders headers = new HttpHeaders();
        if (value != null) {
            headers.set(HttpHeaders.RETRY_AFTER, value);
        }
        return headers;
    }
}
