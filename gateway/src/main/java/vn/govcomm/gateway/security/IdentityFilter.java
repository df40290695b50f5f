package vn.govcomm.gateway.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.govcomm.gateway.problem.Problems;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who is calling, decided once at the edge:
 * <ol>
 *   <li>Client-sent {@code X-User-*} headers are removed, always, unless trust mode is on and no token came.</li>
 *   <li>A bearer token (or the console's session cookie holding one) is verified; its identity becomes the
 *       {@code X-User-Id}, {@code X-User-Roles}, {@code X-User-Agency} headers the services trust.</li>
 *   <li>{@code /api/**} without a valid identity → 401 problem details; a token whose roles fail a configured
 *       rule → 403. Public paths (feeds, screens, webhooks, health) go on without a user.</li>
 * </ol>
 */
public class IdentityFilter extends OncePerRequestFilter {

    public static final String USER = "X-User-Id";
    public static final String ROLES = "X-User-Roles";
    public static final String AGENCY = "X-User-Agency";
    public static final String SESSION_COOKIE = "GOVCOMM_SESSION";
    /** Request attribute holding the verified {@link Identity} (absent for anonymous or header-trusted calls). */
    public static final String IDENTITY = "govcomm.gateway.identity";

    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final TokenVerifier verifier;
    private final SecurityProperties properties;

    public IdentityFilter(TokenVerifier verifier, SecurityProperties properties) {
        this.verifier = verifier;
        this.properties = properties;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean api = PATHS.match("/api/**", path) && !isPublic(path);
        String token = bearer(request);
        boolean fromCookie = false;
        if (token == null) {
            token = cookie(request);
            fromCookie = token != null;
        }
        if (token != null) {
            Identity identity;
            try {
                identity = verifier.verify(token);
            } catch (TokenVerifier.InvalidTokenException e) {
                if (api && !fromCookie) {
                    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
                    Problems.write(response, HttpStatus.UNAUTHORIZED, "invalid-token",
                            "Mã truy cập không hợp lệ hoặc đã hết hạn. / The access token is invalid or expired.");
                    return;
                }
                identity = null;
            }
            if (identity != null) {
                if (api && denied(request.getMethod(), path, identity)) {
                    Problems.write(response, HttpStatus.FORBIDDEN, "forbidden",
                            "Vai trò của bạn không được phép thực hiện thao tác này. / Your role does not allow this.");
                    return;
                }
                request.setAttribute(IDENTITY, identity);
                chain.doFilter(new IdentityHeaders(request, identity), response);
                return;
            }
        }
        if (properties.trustIdentityHeaders()) {
            // Local/test only: the caller's own headers are believed.
            chain.doFilter(request, response);
            return;
        }
        if (api) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            Problems.write(response, HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "Cần đăng nhập (mã truy cập Bearer). / Authentication required (Bearer access token).");
            return;
        }
        chain.doFilter(new IdentityHeaders(request, null), response);
    }

    boolean isPublic(String path) {
        return properties.publicPaths().stream().anyMatch(p -> PATHS.match(p, path));
    }

    boolean denied(String method, String path, Identity identity) {
        for (SecurityProperties.AccessRule rule : properties.rules()) {
            boolean methodMatches = rule.methods().isEmpty()
                    || rule.methods().stream().anyMatch(m -> m.equalsIgnoreCase(method));
            if (methodMatches && PATHS.match(rule.path(), path)) {
                // First matching rule decides, as in a firewall.
                return !identity.hasAnyRole(rule.roles());
            }
        }
        return false;
    }

    private static String bearer(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        return null;
    }

    private static String cookie(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return null;
        }
        for (Cookie c : request.getCookies()) {
            if (SESSION_COOKIE.equals(c.getName()) && !c.getValue().isBlank()) {
                return c.getValue();
            }
        }
        return null;
    }

    /** The request as the routes see it: no client X-User-* headers, and the verified identity's instead. */
    static final class IdentityHeaders extends HttpServletRequestWrapper {

        private final Map<String, String> added = new LinkedHashMap<>();

        IdentityHeaders(HttpServletRequest request, Identity identity) {
            super(request);
            if (identity != null) {
                added.put(USER, identity.userId());
                added.put(ROLES, String.join(",", identity.roles()));
                if (identity.agency() != null) {
                    added.put(AGENCY, identity.agency());
                }
            }
        }

        private static boolean identityHeader(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            return n.startsWith("x-user-");
        }

        @Override
        public String getHeader(String name) {
            if (identityHeader(name)) {
                return added.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
            }
            return super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (identityHeader(name)) {
                String value = getHeader(name);
                return Collections.enumeration(value == null ? List.of() : List.of(value));
            }
            return super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>();
            for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements(); ) {
                String n = e.nextElement();
                if (!identityHeader(n)) {
                    names.add(n);
                }
            }
            names.addAll(added.keySet());
            return Collections.enumeration(names);
        }
    }
}
