package vn.govcomm.kit.security;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import vn.govcomm.identity.BodyTooLargeException;
import vn.govcomm.identity.Caller;
import vn.govcomm.identity.CallerTokenVerifier;
import vn.govcomm.identity.LimitedBodyRequest;
import vn.govcomm.identity.RequestPaths;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Deny by default, in the service itself (the gateway is not the only lock):
 * <ol>
 *   <li>an ambiguous path ({@link RequestPaths#ambiguity}) → 400 {@code ambiguous-path};</li>
 *   <li>a body larger than {@code govcomm.security.max-body-size} → 413, counted while it streams;</li>
 *   <li>a public path (feeds, screens, webhooks, health) goes on without a caller;</li>
 *   <li>anything else needs {@code Authorization: Bearer <caller token>} signed by the gateway for this service,
 *       → 401 otherwise. The verified {@link Caller} is a request attribute ({@link #CALLER}).</li>
 * </ol>
 * Identity comes only from the verified caller token; no other request header is read for it.
 */
public class CallerAuthenticationFilter extends OncePerRequestFilter {

    public static final String CALLER = "govcomm.caller";
    private static final Logger log = LoggerFactory.getLogger(CallerAuthenticationFilter.class);
    private static final AntPathMatcher PATHS = new AntPathMatcher();
    private static final List<String> ALWAYS_PUBLIC = List.of("/actuator/health", "/actuator/health/**",
            "/actuator/info", "/actuator/prometheus", "/error");

    private final CallerTokenVerifier verifier;
    private final List<String> publicPaths;
    private final long maxBodyBytes;
    private final MeterRegistry meters;

    public CallerAuthenticationFilter(CallerTokenVerifier verifier, List<String> publicPaths, long maxBodyBytes,
                                      MeterRegistry meters) {
        this.verifier = verifier;
        this.publicPaths = new ArrayList<>(ALWAYS_PUBLIC);
        this.publicPaths.addAll(publicPaths);
        this.maxBodyBytes = maxBodyBytes;
        this.meters = meters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String raw = request.getRequestURI().substring(request.getContextPath().length());
        String ambiguity = RequestPaths.ambiguity(raw);
        if (ambiguity != null) {
            refuse(response, HttpStatus.BAD_REQUEST, "ambiguous-path", "ambiguous_path",
                    "Đường dẫn không hợp lệ. / Ambiguous request path (" + ambiguity + ").");
            return;
        }
        if (request.getContentLengthLong() > maxBodyBytes) {
            refuse(response, HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "body_too_large",
                    "Nội dung yêu cầu quá lớn. / The request body is larger than " + maxBodyBytes + " bytes.");
            return;
        }
        String path = RequestPaths.decoded(raw);
        HttpServletRequest limited = new LimitedBodyRequest(request, maxBodyBytes);
        if (!isPublic(path)) {
            String token = bearer(request);
            if (token == null) {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                refuse(response, HttpStatus.UNAUTHORIZED, "unauthenticated", "no_token",
                        "Cần xác thực qua cổng API. / Authentication required: call through the gateway.");
                return;
            }
            Caller caller;
            try {
                caller = verifier.verify(token);
            } catch (CallerTokenVerifier.InvalidCallerTokenException e) {
                log.debug("Caller token refused on {} {}: {}", request.getMethod(), path, e.getMessage());
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
                refuse(response, HttpStatus.UNAUTHORIZED, "invalid-token", "invalid_token",
                        "Mã xác thực không hợp lệ hoặc đã hết hạn. / The caller token is invalid or expired.");
                return;
            }
            request.setAttribute(CALLER, caller);
        }
        try {
            chain.doFilter(limited, response);
        } catch (ServletException | IOException | RuntimeException e) {
            if (BodyTooLargeException.causedBy(e) && !response.isCommitted()) {
                response.reset();
                refuse(response, HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "body_too_large",
                        "Nội dung yêu cầu quá lớn. / The request body is larger than " + maxBodyBytes + " bytes.");
                return;
            }
            throw e;
        }
    }

    boolean isPublic(String path) {
        return publicPaths.stream().anyMatch(p -> PATHS.match(p, path));
    }

    private void refuse(HttpServletResponse response, HttpStatus status, String code, String reason, String detail)
            throws IOException {
        meters.counter("govcomm.security.refused", "reason", reason).increment();
        Problems.write(response, status, code, detail);
    }

    private static String bearer(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        return null;
    }
}
