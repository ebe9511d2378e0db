package dev.retrykit.spring.web.dashboard;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.servlet.function.ServerRequest;

/**
 * Reads Spring Security's CSRF token of a request, so that the page can send it with its POSTs. Loaded only when
 * Spring Security's web module is on the classpath.
 */
final class SecurityCsrfToken {

    private SecurityCsrfToken() {
    }

    /**
     * The header name and token value of the request's CSRF token, as Spring Security's {@code CsrfFilter} left it;
     * {@code null} when the request has none (CSRF protection off, or the page not behind Spring Security).
     * Reading the value makes a deferred token load (and save, e.g. as a cookie), as a form rendering it would.
     */
    static String[] headerAndValue(ServerRequest request) {
        Object attribute = request.attribute(CsrfToken.class.getName()).orElse(null);
        if (attribute instanceof CsrfToken token) {
            return new String[] {token.getHeaderName(), token.getToken()};
        }
        return null;
    }
}
