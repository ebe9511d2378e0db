package dev.retrykit.sample.client;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * A {@link RestClient} to the flaky upstream on this application's own port, over real loopback HTTP. Built from
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

    /** The client; the port is read once the server has started. */
    public RestClient client() {
        RestClient current = client;
        if (current == null) {
            String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
            current = builder.clone().baseUrl("http://127.0.0.1:" + port + "/upstream").build();
            client = current;
        }
        return current;
    }
}
