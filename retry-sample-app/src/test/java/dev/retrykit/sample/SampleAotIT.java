package dev.retrykit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The sample processed ahead of time ({@code spring-boot:process-aot}) and started in AOT mode on the JVM
 * ({@code -Dspring.aot.enabled=true}) answers its endpoints. Runs in the {@code aot} profile, which processes the
 * sample and passes the repackaged jar: {@code mvn -B -Paot verify -pl retry-sample-app -am -Dit.test=SampleAotIT}.
 */
@EnabledIfSystemProperty(named = "sample.aot.jar", matches = ".+")
class SampleAotIT {

    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(300);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aotProcessedSampleStartsInAotModeAndAnswersItsEndpoints() throws Exception {
        int port = freePort();
        Path log = Path.of("target", "sample-aot.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process sample = new ProcessBuilder(java, "-Dspring.aot.enabled=true", "-jar", System.getProperty("sample.aot.jar"),
                "--server.port=" + port, "--server.address=127.0.0.1", "--demo.traffic.enabled=false",
                "--demo.upstream.failure-rate=0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitHealthy(sample, port, log);
            assertThat(Files.readString(log)).contains("Starting AOT-processed SampleApplication");

            assertThat(get(port, "/api/quotes/ACME")).startsWith("200 ").contains("ACME");
            assertThat(get(port, "/actuator/retry")).startsWith("200 ").contains("\"quotes\"", "\"payments\"");
            assertThat(get(port, "/actuator/retry/quotes")).startsWith("200 ").contains("\"events\"");
            assertThat(get(port, "/actuator/prometheus")).startsWith("200 ").contains("retry_calls_total");
            assertThat(get(port, "/retry-dashboard")).startsWith("200 ");
        } finally {
            sample.destroy();
            if (!sample.waitFor(30, TimeUnit.SECONDS)) {
                sample.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Polls the health endpoint until it answers 200; fails with the log when the process ends or time is up. */
    private void awaitHealthy(Process sample, int port, Path log) throws Exception {
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!sample.isAlive()) {
                throw new AssertionError("the AOT-processed sample exited with " + sample.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (get(port, "/actuator/health").startsWith("200 ")) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the server is still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the AOT-processed sample did not answer within " + STARTUP_LIMIT + ":\n" + Files.readString(log));
    }

    private String get(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
