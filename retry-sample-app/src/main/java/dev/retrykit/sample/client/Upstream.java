package dev.retrykit.sample.client;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * A {@link RestClient} to the flaky upstream (by default the one on this application's own port), over real HTTP. Built from
 * Boot's {@code RestClient.Builder}, so retrykit's customizer adds the {@code Idempotency-Key} header of keyed calls.
 */
@Component
public class Upstream {

    private final RestClient.Builder builder;
    private final Environment environment;
    private volatile RestClient client;

    public Upstream(RestClient.Builder builder, Environment environment) {
        this.builder = builder;
        this.environment = environment;
    }

    /**
     * {@code demo.upstream.base-url} when set (several instances sharing one upstream), else the upstream served on
     * this application's own port, read once the server has started.
     */
    String baseUrl() {
        String configured = environment.getProperty("demo.upstream.base-url", "");
        if (!configured.isBlank()) {
            return configured;
        }
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        return "http://127.0.0.1:" + port + "/upstream";
    }

    /** The client, built on first use. */
    public RestClient client() {
        RestClient current = client;
        if (current == null) {
            current = builder.clone().baseUrl(baseUrl()).build();
            client = current;
        }
        return current;
    }
}
