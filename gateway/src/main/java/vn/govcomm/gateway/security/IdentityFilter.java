package vn.govcomm.gateway.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.govcomm.gateway.edge.EdgeRequest;
import vn.govcomm.gateway.problem.Problems;

import java.io.IOException;
import java.util.List;

/**
 * Who is calling, decided once at the edge, deny by default, on the decoded path ({@link EdgeRequest#path()}):
 * <ol>
 *   <li>A path in the allow-list ({@code govcomm.security.public-paths}: feeds, screens, webhooks, the console's own
 *       pages, the local issuer's endpoints, health) goes on without a user. The console's session cookie is still
 *       read there, so console pages know who is signed in.</li>
 *   <li>Any other path needs a verified user: a bearer JWT ({@link TokenVerifier}: signature, issuer, expiry,
 *       audience, type) or the console's session cookie holding one → else 401 problem details
 *       ({@code unauthenticated} / {@code invalid-token}).</li>
 *   <li>A user who came with the session cookie must come from the console itself ({@link SameOrigin}) → else 403
 *       {@code cross-site-request}. Bearer-token calls are not affected.</li>
 *   <li>Coarse role rules ({@code govcomm.security.rules}, first match decides) → 403 {@code forbidden}.</li>
 * </ol>
 * The verified {@link Identity} is a request attribute ({@link #IDENTITY}); what the services receive (a caller
 * token instead of the user's token, never a client's {@code X-User-*}) is decided by {@link CallerTokenHeaders}.
 */
public class IdentityFilter extends OncePerRequestFilter {

    public static final String SESSION_COOKIE = "GOVCOMM_SESSION";
    /** Request attribute holding the verified {@link Identity} (absent for anonymous calls). */
    public static final String IDENTITY = "govcomm.gateway.identity";
    /** Request attribute: {@code Boolean.TRUE} when the path is in the allow-list. */
    public static final String PUBLIC = "govcomm.gateway.public";

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
        String path = EdgeRequest.of(request).path();
        if (isPublic(path)) {
            request.setAttribute(PUBLIC, Boolean.TRUE);
            // Only the console's cookie counts here (console pages show who is signed in); a bearer token on an
            // allow-listed path belongs to the service behind it (a portal's feed token) and is not ours to read.
            String session = cookie(request);
            if (session != null) {
                try {
                    request.setAttribute(IDENTITY, verifier.verify(session));
                } catch (TokenVerifier.InvalidTokenException | TokenVerifier.ProviderUnavailableException expired) {
                    // an expired or foreign session on a public page (or no provider to check it): anonymous
                }
            }
            chain.doFilter(request, response);
            return;
        }
        String token = bearer(request);
        boolean fromCookie = false;
        if (token == null) {
            token = cookie(request);
            fromCookie = token != null;
        }
        Identity identity = null;
        if (token != null) {
            try {
                identity = verifier.verify(token);
            } catch (TokenVerifier.ProviderUnavailableException e) {
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(TokenVerifier.DISCOVERY_RETRY_AFTER.toSeconds()));
                Problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, "identity-provider-unavailable",
                        "Không kiểm tra được mã truy cập vì máy chủ định danh không phản hồi, hãy thử lại sau ít giây. / "
                                + "The identity provider does not answer, so the access token cannot be checked; retry in a few seconds.");
                return;
            } catch (TokenVerifier.InvalidTokenException e) {
                if (!fromCookie) {
                    response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
                    Problems.write(response, HttpStatus.UNAUTHORIZED, "invalid-token",
                            "Mã truy cập không hợp lệ hoặc đã hết hạn. / The access token is invalid or expired.");
                    return;
                }
            }
        }
        if (identity == null) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            Problems.write(response, HttpStatus.UNAUTHORIZED, "unauthenticated",
                    "Cần đăng nhập (mã truy cập Bearer). / Authentication required (Bearer access token).");
            return;
        }
        if (fromCookie && !SameOrigin.allows(request)) {
            Problems.write(response, HttpStatus.FORBIDDEN, "cross-site-request",
                    "Yêu cầu từ trang khác bị từ chối. / A request from another site with the console's session is refused.");
            return;
        }
        if (denied(request.getMethod(), path, identity)) {
            Problems.write(response, HttpStatus.FORBIDDEN, "forbidden",
                    "Vai trò của bạn không được phép thực hiện thao tác này. / Your role does not allow this.");
            return;
        }
        request.setAttribute(IDENTITY, identity);
        chain.doFilter(request, response);
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
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        return List.of(cookies).stream().filter(c -> SESSION_COOKIE.equals(c.getName()) && !c.getValue().isBlank())
                .map(Cookie::getValue).findFirst().orElse(null);
    }
}
