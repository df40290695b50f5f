package vn.govcomm.gateway.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.govcomm.gateway.edge.EdgeRequest;
import vn.govcomm.gateway.security.Identity;
import vn.govcomm.gateway.security.IdentityFilter;

import java.io.IOException;
import java.time.Clock;
import java.util.Set;

/**
 * Records every mutating call to /api/** (after the response, with its status, denials by role included), on the
 * decoded path, with the verified user and the client address (a trusted proxy's forwarded one, or the socket's).
 */
class AuditFilter extends OncePerRequestFilter {

    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final AuditLog audit;
    private final Clock clock;

    AuditFilter(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !MUTATING.contains(request.getMethod()) || !EdgeRequest.of(request).path().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            // Runs inside the identity filter: the identity is the verified one (a token or the session cookie).
            EdgeRequest edge = EdgeRequest.of(request);
            Identity who = request.getAttribute(IdentityFilter.IDENTITY) instanceof Identity id ? id : null;
            audit.record(new AuditLog.Entry(clock.instant(), who == null ? "-" : who.userId(),
                    who == null || who.roles().isEmpty() ? "-" : String.join(",", who.roles()),
                    who == null || who.agency() == null ? "-" : who.agency(),
                    AuditLog.action(request.getMethod(), edge.path()), request.getMethod(), edge.path(),
                    response.getStatus(), edge.clientAddress(), "api"));
        }
    }
}
