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
 * <p>
 * The print views the console relays from the reporting service ({@link #PRINT}) are whole documents with their own
 * {@code <style>}: under the console's policy they showed unstyled. They get a policy of their own: their inline
 * styles, pictures, nothing else (no script at all, no form, no framing). The reporting service writes them with
 * jsoup, which escapes every value.
 */
class SecurityHeaders extends OncePerRequestFilter {

    static final String HSTS = "max-age=31536000; includeSubDomains";
    private static final List<String> CONSOLE = List.of("/", "/console", "/console/**", "/webjars/**");
    /** The relayed print views: {@code CampaignExportController}'s print kind and the scorecard's. */
    static final List<String> PRINT = List.of("/console/campaigns/*/export/print", "/console/scorecards/export/print");
    static final String PRINT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: https:; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
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
        if (PRINT.stream().anyMatch(p -> PATHS.match(p, edge.path()))) {
            response.setHeader("Content-Security-Policy", PRINT_POLICY);
            response.setHeader("X-Frame-Options", "DENY");
        } else if (CONSOLE.stream().anyMatch(p -> PATHS.match(p, edge.path()))) {
            response.setHeader("Content-Security-Policy", contentSecurityPolicy);
            response.setHeader("X-Frame-Options", "DENY");
        }
        chain.doFilter(request, response);
    }
}
