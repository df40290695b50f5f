package vn.govcomm.gateway.console;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import vn.govcomm.gateway.audit.AuditLog;
import vn.govcomm.gateway.edge.EdgeRequest;
import vn.govcomm.gateway.security.IdentityFilter;

import java.net.URI;
import java.time.Instant;

/**
 * PRODUCTION (an OIDC issuer is configured): the end of the console's sign-in, where the provider sends the
 * browser back ({@code /console/login/callback}), and the page after sign-out. The start is
 * {@code GET /console/login} in {@link SignInController}, which redirects to the provider.
 * <p>
 * Cookies: the sign-in in progress is remembered in {@value #PENDING_COOKIE} (HttpOnly, <b>SameSite=Lax</b>, path
 * /console/login, a few minutes): the provider's redirect back is a cross-site navigation, on which a Strict cookie
 * would not be sent. The session itself stays SameSite=Strict; because the browser still counts the rest of that
 * cross-site redirect chain as cross-site, the callback answers with a page that moves on to /console by itself
 * (a same-site navigation, which carries the new Strict cookie) instead of a 302.
 */
@Controller
@ConditionalOnExpression("!'${govcomm.security.issuer-uri:}'.isBlank()")
class OidcSignInController {

    static final String PENDING_COOKIE = "GOVCOMM_OIDC";
    static final String PENDING_PATH = "/console/login";
    static final String ID_TOKEN_COOKIE = "GOVCOMM_ID_TOKEN";
    static final String ID_TOKEN_PATH = "/console/logout";
    static final String CALLBACK = "/console/login/callback";
    static final String SIGNED_OUT = "/console/signed-out";

    private static final Logger log = LoggerFactory.getLogger(OidcSignInController.class);

    private final OidcSignIn oidc;
    private final AuditLog audit;

    OidcSignInController(OidcSignIn oidc, AuditLog audit) {
        this.oidc = oidc;
        this.audit = audit;
    }

    @GetMapping(CALLBACK)
    String callback(@RequestParam(required = false) String code, @RequestParam(required = false) String state,
                    @RequestParam(required = false) String error,
                    @RequestParam(name = "error_description", required = false) String errorDescription,
                    HttpServletRequest request, HttpServletResponse response, Model model) {
        String pending = cookie(request, PENDING_COOKIE);
        // One use only, whatever happens next.
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(PENDING_COOKIE, "").httpOnly(true)
                .sameSite("Lax").path(PENDING_PATH).secure(secure(oidc, request)).maxAge(0).build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        OidcSignIn.Session session;
        try {
            session = oidc.complete(code, state, error, errorDescription, pending);
        } catch (OidcSignIn.SignInFailed e) {
            log.warn("Console sign-in refused ({}): {}", e.failure.code(), e.getMessage());
            audit.record(new AuditLog.Entry(Instant.now(), "-", "-", "-", "sign-in-refused", "GET", CALLBACK,
                    e.failure.status, EdgeRequest.of(request).clientAddress(), "console"));
            return failure(e.failure, response, model);
        }
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(IdentityFilter.SESSION_COOKIE, session.accessToken())
                .httpOnly(true).sameSite("Strict").path("/").secure(secure(oidc, request)).maxAge(session.maxAgeSeconds())
                .build().toString());
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(ID_TOKEN_COOKIE, session.idToken())
                .httpOnly(true).sameSite("Strict").path(ID_TOKEN_PATH).secure(secure(oidc, request))
                .maxAge(session.maxAgeSeconds()).build().toString());
        var who = session.identity();
        audit.record(new AuditLog.Entry(Instant.now(), who.userId(), String.join(",", who.roles()),
                who.agency() == null ? "-" : who.agency(), "sign-in", "GET", CALLBACK, 200, EdgeRequest.of(request).clientAddress(),
                "console"));
        model.addAttribute("signedIn", who);
        return "console/signed-in";
    }

    @GetMapping(SIGNED_OUT)
    String signedOut() {
        return "console/signed-out";
    }

    static String failure(OidcSignIn.Failure failure, HttpServletResponse response, Model model) {
        response.setStatus(failure.status);
        model.addAttribute("reason", failure.code());
        return "console/signin-error";
    }

    static URI redirectUri(OidcSignIn oidc, HttpServletRequest request) {
        return URI.create(oidc.configuredRedirectUri().orElseGet(() ->
                ServletUriComponentsBuilder.fromContextPath(request).path(CALLBACK).toUriString()));
    }

    static URI postLogoutUri(OidcSignIn oidc, HttpServletRequest request) {
        return URI.create(oidc.configuredPostLogoutRedirectUri().orElseGet(() ->
                ServletUriComponentsBuilder.fromContextPath(request).path(SIGNED_OUT).toUriString()));
    }

    /**
     * Secure when this request came over TLS (here, or at a trusted proxy that says so) or the registered callback is
     * https (TLS ended at the ingress).
     */
    static boolean secure(OidcSignIn oidc, HttpServletRequest request) {
        return EdgeRequest.of(request).secure() || oidc.configuredRedirectUri().map(u -> u.startsWith("https:")).orElse(false);
    }

    static String cookie(HttpServletRequest request, String name) {
        if (request.getCookies() != null) {
            for (Cookie c : request.getCookies()) {
                if (name.equals(c.getName()) && !c.getValue().isBlank()) {
                    return c.getValue();
                }
            }
        }
        return null;
    }
}
