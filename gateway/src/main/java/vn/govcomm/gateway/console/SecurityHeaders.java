package vn.govcomm.gateway.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.govcomm.gateway.edge.EdgeRequest;

import java.io.IOException;
import java.util.List;

/**
 * Response headers of the gateway's own pages:
 * <ul>
 *   <li>every response: {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: same-origin}, and HSTS when
 *       the client came over https (TLS here, or a trusted proxy says so);</li>
 *   <li>the console ({@code /}, {@code /console/**}, {@code /webjars/**}): a Content Security Policy (scripts and
 *       styles from the gateway only, no plugins, no framing, forms post back to the gateway — or to the OIDC
 *       provider, where sign-out goes) and {@code X-Frame-Options: DENY} for older browsers.</li>
 * </ul>
 * The console keeps to it: no inline scripts or event handlers (console.js), htmx without eval or injected styles
 * (its {@code htmx-config} meta); only style attributes (the LED preview's width) are allowed inline.
 */
class SecurityHeaders extends OncePerRequestFilter {

    static final String HSTS = "max-age=31536000; includeSubDomains";
    private static final List<String> CONSOLE = List.of("/", "/console", "/console/**", "/webjars/**");
    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final String contentSecurityPolicy;

    SecurityHeaders(String formTargets) {
        this.contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; "
                + "style-src-attr 'unsafe-inline'; img-src 'self' data: https:; connect-src 'self'; object-src 'none'; "
                + "base-uri 'self'; form-action 'self'" + (formTargets.isBlank() ? "" : " " + formTargets)
                + "; frame-ancestors 'none'";
    }

    String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        EdgeRequest edge = EdgeRequest.of(request);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        if (edge.secure()) {
            response.setHeader("Strict-Transport-Security", HSTS);
        }
        if (CONSOLE.stream().anyMatch(p -> PATHS.match(p, edge.path()))) {
            response.setHeader("Content-Security-Policy", contentSecurityPolicy);
            response.setHeader("X-Frame-Options", "DENY");
        }
        chain.doFilter(request, response);
    }
}
