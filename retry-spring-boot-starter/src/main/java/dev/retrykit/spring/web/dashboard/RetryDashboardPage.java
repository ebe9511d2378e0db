package dev.retrykit.spring.web.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.util.ClassUtils;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.HtmlUtils;

/**
 * The live dashboard page. The HTML is read once from the classpath; each request only fills in where the
 * {@code retry} endpoint and the history live (servlet context path + actuator base path, the page's path +
 * {@code /history}), whether the endpoint is exposed, whether the page may offer the write actions, and Spring
 * Security's CSRF token of the request when there is one (sent with the page's POSTs), as attributes of the page's
 * {@code <body>}.
 *
 * <p>Immutable and thread-safe.
 */
public final class RetryDashboardPage {

    private static final String TEMPLATE_RESOURCE = "/dev/retrykit/spring/web/dashboard/retry-dashboard.html";
    private static final String ENDPOINT_PLACEHOLDER = "{{endpoint}}";
    private static final String WRITABLE_PLACEHOLDER = "{{writable}}";
    private static final String POLL_PLACEHOLDER = "{{pollMillis}}";
    private static final String HISTORY_PLACEHOLDER = "{{history}}";
    private static final String EXPOSED_PLACEHOLDER = "{{exposed}}";
    private static final String CSRF_HEADER_PLACEHOLDER = "{{csrfHeader}}";
    private static final String CSRF_TOKEN_PLACEHOLDER = "{{csrfToken}}";
    private static final boolean SECURITY_PRESENT = ClassUtils.isPresent(
            "org.springframework.security.web.csrf.CsrfToken", RetryDashboardPage.class.getClassLoader());

    private final String path;
    private final String endpointPath;
    private final boolean writable;
    private final boolean exposed;
    private final Duration pollInterval;
    private final String template;

    /**
     * @param path          where the page is served, e.g. {@code /retry-dashboard}
     * @param endpointPath  the {@code retry} endpoint below the servlet context, e.g. {@code /actuator/retry}
     * @param writable      whether the endpoint accepts writes, so that the page shows the breaker buttons
     * @param pollInterval  how often the page polls the endpoint
     */
    public RetryDashboardPage(String path, String endpointPath, boolean writable, Duration pollInterval) {
        this(path, endpointPath, true, writable, pollInterval);
    }

    /**
     * @param path          where the page is served, e.g. {@code /retry-dashboard}
     * @param endpointPath  the {@code retry} endpoint below the servlet context, e.g. {@code /actuator/retry}
     * @param exposed       whether the {@code retry} endpoint is available over HTTP; when not, the page says which
     *                      property exposes it
     * @param writable      whether the endpoint accepts writes, so that the page shows the breaker buttons
     * @param pollInterval  how often the page polls the endpoint
     */
    public RetryDashboardPage(String path, String endpointPath, boolean exposed, boolean writable,
                              Duration pollInterval) {
        this.path = requireAbsolute(path, "retry.dashboard.path");
        this.endpointPath = requireAbsolute(endpointPath, "endpoint path");
        this.exposed = exposed;
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
                .body(render(request.requestPath().contextPath().value(),
                        SECURITY_PRESENT ? SecurityCsrfToken.headerAndValue(request) : null));
    }

    /** The page for an application served under {@code contextPath} ({@code ""} for the root), without CSRF token. */
    public String render(String contextPath) {
        return render(contextPath, null);
    }

    /**
     * The page for an application served under {@code contextPath} ({@code ""} for the root).
     *
     * @param contextPath the servlet context path
     * @param csrf        the CSRF header name and token value to send with POSTs, or {@code null} for none
     * @return the HTML
     */
    public String render(String contextPath, String[] csrf) {
        return template.replace(ENDPOINT_PLACEHOLDER, HtmlUtils.htmlEscape(contextPath + endpointPath))
                .replace(HISTORY_PLACEHOLDER, HtmlUtils.htmlEscape(contextPath + historyPath()))
                .replace(EXPOSED_PLACEHOLDER, Boolean.toString(exposed))
                .replace(WRITABLE_PLACEHOLDER, Boolean.toString(writable))
                .replace(POLL_PLACEHOLDER, Long.toString(pollInterval.toMillis()))
                .replace(CSRF_HEADER_PLACEHOLDER, csrf == null ? "" : HtmlUtils.htmlEscape(csrf[0]))
                .replace(CSRF_TOKEN_PLACEHOLDER, csrf == null ? "" : HtmlUtils.htmlEscape(csrf[1]));
    }

    /** Where the page's history JSON is served: the page's path plus {@code /history}. */
    public String historyPath() {
        return (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) + "/history";
    }

    /** Where the page is served. */
    public String path() {
        return path;
    }

    /** Whether the page found the {@code retry} endpoint exposed. */
    public boolean exposed() {
        return exposed;
    }

    /** Whether the page offers the write actions. */
    public boolean writable() {
        return writable;
    }
}
