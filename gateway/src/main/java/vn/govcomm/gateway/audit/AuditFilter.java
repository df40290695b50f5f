package vn.govcomm.gateway.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.govcomm.gateway.security.IdentityFilter;

import java.io.IOException;
import java.time.Clock;
import java.util.Set;

/** Records every mutating call to /api/** (after the response, with its status, denials included). */
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
        return !MUTATING.contains(request.getMethod()) || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            // Runs inside the identity filter, so these are the verified headers (or trusted ones in local mode).
            String path = request.getRequestURI();
            audit.record(new AuditLog.Entry(clock.instant(), orDash(request.getHeader(IdentityFilter.USER)),
                    orDash(request.getHeader(IdentityFilter.ROLES)), orDash(request.getHeader(IdentityFilter.AGENCY)),
                    AuditLog.action(request.getMethod(), path), request.getMethod(), path, response.getStatus(),
                    request.getRemoteAddr(), "api"));
        }
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }
}
