package dev.retrykit.spring.web.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.HtmlUtils;

/**
 * The live dashboard page. The HTML is read once from the classpath; each request only fills in where the
 * {@code retry} endpoint lives (servlet context path + actuator base path) and whether the page may offer the
 * write actions, as attributes of the page's {@code <body>}.
 *
 * <p>Immutable and thread-safe.
 */
public final class RetryDashboardPage {

    private static final String TEMPLATE_RESOURCE = "/dev/retrykit/spring/web/dashboard/retry-dashboard.html";
    private static final String ENDPOINT_PLACEHOLDER = "{{endpoint}}";
    private static final String WRITABLE_PLACEHOLDER = "{{writable}}";
    private static final String POLL_PLACEHOLDER = "{{pollMillis}}";

    private final String path;
    private final String endpointPath;
    private final boolean writable;
    private final Duration pollInterval;
    private final String template;

    /**
     * @param path          where the page is served, e.g. {@code /retry-dashboard}
     * @param endpointPath  the {@code retry} endpoint below the servlet context, e.g. {@code /actuator/retry}
     * @param writable      whether the endpoint accepts writes, so that the page shows the breaker buttons
     * @param pollInterval  how often the page polls the endpoint
     */
    public RetryDashboardPage(String path, String endpointPath, boolean writable, Duration pollInterval) {
        this.path = requireAbsolute(path, "retry.dashboard.path");
        this.endpointPath = requireAbsolute(endpointPath, "endpoint path");
        this.writable = writable;
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.template = readTemplate();
    }

    private static String requireAbsolute(String path, String what) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException(what + ": '" + path + "' must start with '/'");
        }
        return path;
    }

    private static String readTemplate() {
        try (InputStream in = RetryDashboardPage.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("dashboard page missing from the classpath: " + TEMPLATE_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + TEMPLATE_RESOURCE, ex);
        }
    }

    /** Routes {@code GET} of the page's path to {@link #render(String)}. */
    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route().GET(path, this::handle).build();
    }

    private ServerResponse handle(ServerRequest request) {
        return ServerResponse.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .header("X-Content-Type-Options", "nosniff")
                .body(render(request.requestPath().contextPath().value()));
    }

    /** The page for an application served under {@code contextPath} ({@code ""} for the root). */
    public String render(String contextPath) {
        return template.replace(ENDPOINT_PLACEHOLDER, HtmlUtils.htmlEscape(contextPath + endpointPath))
                .replace(WRITABLE_PLACEHOLDER, Boolean.toString(writable))
                .replace(POLL_PLACEHOLDER, Long.toString(pollInterval.toMillis()));
    }

    /** Where the page is served. */
    public String path() {
        return path;
    }

    /** Whether the page offers the write actions. */
    public boolean writable() {
        return writable;
    }
}
