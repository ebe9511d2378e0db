package dev.retrykit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retrykit.spring.actuate.RetryEndpoint;
import dev.retrykit.spring.testsupport.RetryWebTestApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application migrating gradually has Resilience4j's Boot 4 starter beside ours. With every actuator endpoint
 * exposed, both auto-configurations must start side by side (no bean name in common) and both endpoints answer.
 */
class BesideResilience4jIT {

    @Test
    void startsBesideResilience4jWithEveryEndpointExposed() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(RetryWebTestApplication.class)
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
                        "management.endpoints.web.exposure.include=*",
                        "resilience4j.retry.instances.legacy.max-attempts=2")
                .run()) {
            assertThat(context.getBeansOfType(RetryEndpoint.class)).hasSize(1);
            assertThat(context.getBeanNamesForType(io.github.resilience4j.retry.RetryRegistry.class)).hasSize(1);
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            assertThat(get(port, "/actuator/retry")).startsWith("200 ").contains("\"services\"");
            assertThat(get(port, "/actuator/retries")).startsWith("200 ").contains("legacy");
        }
    }

    private static String get(int port, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
