package vn.govcomm.gateway.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.cloud.gateway.server.mvc.filter.FormFilter;
import org.springframework.stereotype.Component;
import vn.govcomm.gateway.edge.EdgeRequest;

import java.io.IOException;

/**
 * Replaces the gateway's {@link FormFilter} (which turns a form post's parameters back into a body for the proxy
 * and hides them from {@code getParameter}) with one that leaves the gateway's OWN form endpoints alone: the
 * console's forms and the local issuer's token endpoint read their parameters normally; proxied routes are
 * treated exactly as before.
 */
@Component
class LocalFormPosts extends FormFilter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = EdgeRequest.of((HttpServletRequest) request).path();
        if (path.startsWith("/console/") || path.equals("/oauth2/token")) {
            chain.doFilter(request, response);
            return;
        }
        super.doFilter(request, response, chain);
    }
}
