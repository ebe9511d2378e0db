package dev.retrykit.spring.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import brave.Span.Kind;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.retrykit.annotation.Retryable;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Tracing end to end with Spring Boot's own tracing (Micrometer Tracing over Brave, W3C propagation): a caller's span,
 * a guarded method retried twice through Boot's observed {@link RestClient}, a real HTTP server on loopback that
 * records the {@code traceparent} header of every request. One trace from the caller through the {@code retry.call}
 * span and each {@code retry.attempt} span to each outgoing request, on the caller's thread, on a worker thread, and
 * for a {@code Mono} method through Boot's observed {@link WebClient}.
 */
@SpringBootTest(classes = RetryTracingIT.TracedApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "management.tracing.sampling.probability=1.0",
                "retry.services.traced.template=http-api",
                "retry.services.traced.strategy=fixed",
                "retry.services.traced.base-delay=1ms",
                "retry.services.traced.max-delay=5ms",
                "retry.services.traced.max-attempts=3",
                "retry.services.traced-on-worker.template=http-api",
                "retry.services.traced-on-worker.strategy=fixed",
                "retry.services.traced-on-worker.base-delay=1ms",
                "retry.services.traced-on-worker.max-delay=5ms",
                "retry.services.traced-on-worker.max-attempts=3",
                "retry.services.traced-on-worker.timeout.per-attempt=10s",
                "retry.services.traced-reactive.template=http-api",
                "retry.services.traced-reactive.strategy=fixed",
                "retry.services.traced-reactive.base-delay=1ms",
                "retry.services.traced-reactive.max-delay=5ms",
                "retry.services.traced-reactive.max-attempts=3"})
@AutoConfigureTracing
class RetryTracingIT {

    @RegisterExtension
    static final WireMockExtension server = HttpRetryFixtures.loopbackServer();

    @Autowired
    private TracedQuotes quotes;

    @Autowired
    private Tracer tracer;

    @Autowired
    private RecordedSpans spans;

    @BeforeEach
    void failTwiceThenRecover() {
        spans.clear();
        quotes.clear();
        server.stubFor(any(anyUrl()).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("failed once"));
        server.stubFor(any(anyUrl()).inScenario("flaky").whenScenarioStateIs("failed once")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        server.stubFor(any(anyUrl()).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withBody(HttpRetryFixtures.RECOVERED)));
    }

    @Test
    void callRetriedTwiceIsOneTraceFromTheCallerThroughEachAttemptToEachRequest() {
        Span caller = tracer.nextSpan().name("caller").start();
        try (Tracer.SpanInScope ignored = tracer.withSpan(caller)) {
            assertThat(quotes.fetch()).isEqualTo(HttpRetryFixtures.RECOVERED);
        } finally {
            caller.end();
        }

        assertOneTrace(caller, "traced");
        assertThat(quotes.seen()).extracting(Seen::thread).containsOnly(Thread.currentThread().getName());
    }

    @Test
    void attemptsOnAWorkerThreadUnderAPerAttemptTimeoutStayInTheCallersTrace() {
        Span caller = tracer.nextSpan().name("caller").start();
        try (Tracer.SpanInScope ignored = tracer.withSpan(caller)) {
            assertThat(quotes.fetchOnWorker()).isEqualTo(HttpRetryFixtures.RECOVERED);
        } finally {
            caller.end();
        }

        assertOneTrace(caller, "traced-on-worker");
        assertThat(quotes.seen()).extracting(Seen::thread).doesNotContain(Thread.currentThread().getName());
    }

    @Test
    void monoAttemptsThroughWebClientStayInTheCallersTrace() {
        Span caller = tracer.nextSpan().name("caller").start();
        try (Tracer.SpanInScope ignored = tracer.withSpan(caller)) {
            assertThat(quotes.fetchReactive().block(Duration.ofSeconds(30))).isEqualTo(HttpRetryFixtures.RECOVERED);
        } finally {
            caller.end();
        }
        // a client span may end just after its value went downstream
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> spans.spans.stream().filter(span -> span.kind() == Kind.CLIENT).count() == 3);

        assertOneTrace(caller, "traced-reactive");
    }

    /**
     * The caller's span is the parent of one {@code retry.call} span, which has three {@code retry.attempt} children
     * (the first two failed with 503), each the parent of one HTTP client span; the body of each attempt ran with its
     * attempt span current, and each request carried the trace in its {@code traceparent} header.
     */
    private void assertOneTrace(Span caller, String service) {
        String traceId = caller.context().traceId();
        assertThat(spans.spans).allSatisfy(span -> assertThat(span.traceId()).isEqualTo(traceId));

        MutableSpan call = spans.single("retry " + service);
        assertThat(call.parentId()).isEqualTo(caller.context().spanId());
        assertThat(call.tag("service")).isEqualTo(service);
        assertThat(call.tag("outcome")).isEqualTo("success_after_retry");

        List<MutableSpan> attempts = spans.spans.stream().filter(span -> span.name().startsWith(service + " attempt"))
                .sorted(Comparator.comparing(span -> span.tag("attempt"))).toList();
        assertThat(attempts).extracting(span -> span.tag("attempt")).containsExactly("1", "2", "3");
        assertThat(attempts).allSatisfy(attempt -> assertThat(attempt.parentId()).isEqualTo(call.id()));
        assertThat(attempts).extracting(span -> span.tag("error"))
                .containsExactly("ServiceUnavailable", "ServiceUnavailable", "none");

        List<MutableSpan> requests = spans.spans.stream().filter(span -> span.kind() == Kind.CLIENT).toList();
        assertThat(requests).hasSize(3);
        for (int i = 0; i < 3; i++) {
            MutableSpan attempt = attempts.get(i);
            MutableSpan request = requests.stream().filter(span -> attempt.id().equals(span.parentId()))
                    .findFirst().orElseThrow(() -> new AssertionError("no request span under " + attempt.name()));
            assertThat(request.tag("http.request.resend_count")).isEqualTo(i == 0 ? null : Integer.toString(i));
        }

        assertThat(quotes.seen()).extracting(Seen::traceId).containsExactly(traceId, traceId, traceId);
        assertThat(quotes.seen()).extracting(Seen::spanId).containsExactlyElementsOf(attempts.stream().map(MutableSpan::id).toList());

        List<String> traceparents = server.getAllServeEvents().stream()
                .map(event -> event.getRequest().getHeader("traceparent")).toList();
        assertThat(traceparents).hasSize(3).allSatisfy(header -> {
            assertThat(header).startsWith("00-" + traceId + "-");
            assertThat(requests).extracting(MutableSpan::id).contains(header.split("-")[2]);
        });
    }

    /** What an attempt's body found current: its thread, and the current span's trace and span ids. */
    record Seen(String thread, String traceId, String spanId) {
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class TracedApplication {

        @Bean
        RecordedSpans recordedSpans() {
            return new RecordedSpans();
        }

        @Bean
        TracedQuotes tracedQuotes(RestClient.Builder builder, WebClient.Builder reactiveBuilder, Tracer tracer) {
            return new TracedQuotes(builder.baseUrl(server.baseUrl()).build(),
                    reactiveBuilder.baseUrl(server.baseUrl()).clientConnector(new JdkClientHttpConnector()).build(), tracer);
        }
    }

    /** Finished spans, as Brave reports them. */
    static class RecordedSpans extends SpanHandler {
        final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

        @Override
        public boolean end(TraceContext context, MutableSpan span, Cause cause) {
            if (cause == Cause.FINISHED) {
                spans.add(span);
            }
            return true;
        }

        void clear() {
            spans.clear();
        }

        MutableSpan single(String name) {
            List<MutableSpan> named = spans.stream().filter(span -> name.equals(span.name())).toList();
            assertThat(named).as("spans named '%s' among %s", name, spans).hasSize(1);
            return named.get(0);
        }
    }

    /** Guarded calls through Boot's observed RestClient; records what each attempt's body sees. */
    static class TracedQuotes {
        final List<Seen> seen = new CopyOnWriteArrayList<>();
        private final RestClient client;
        private final WebClient reactiveClient;
        private final Tracer tracer;

        TracedQuotes(RestClient client, WebClient reactiveClient, Tracer tracer) {
            this.client = client;
            this.reactiveClient = reactiveClient;
            this.tracer = tracer;
        }

        @Retryable("traced")
        public String fetch() {
            return attempt();
        }

        @Retryable("traced-on-worker")
        public String fetchOnWorker() {
            return attempt();
        }

        @Retryable("traced-reactive")
        public Mono<String> fetchReactive() {
            record();
            return reactiveClient.get().uri("/quotes/ACME").retrieve().bodyToMono(String.class);
        }

        public void clear() {
            seen.clear();
        }

        public List<Seen> seen() {
            return seen;
        }

        private String attempt() {
            record();
            return client.get().uri("/quotes/ACME").retrieve().body(String.class);
        }

        private void record() {
            Span current = tracer.currentSpan();
            seen.add(new Seen(Thread.currentThread().getName(), current == null ? null : current.context().traceId(),
                    current == null ? null : current.context().spanId()));
        }
    }
}
