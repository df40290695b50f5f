package vn.govcomm.gateway.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import vn.govcomm.gateway.edge.EdgeRequest;
import vn.govcomm.gateway.security.Identity;
import vn.govcomm.gateway.security.IdentityFilter;
import vn.govcomm.gateway.security.LocalIssuer;
import vn.govcomm.gateway.security.SecurityProperties.DemoUser;

import java.util.List;
import java.util.Optional;

/**
 * Signing in and out of the console. A local run: the local issuer's form and its demo users. Production (an OIDC
 * issuer): the provider's sign-in, which {@link OidcSignInController} completes. The session is a cookie holding the
 * access token (HttpOnly, SameSite=Strict).
 */
@Controller
@RequestMapping("/console")
class SignInController {

    private final ObjectProvider<LocalIssuer> localIssuer;
    private final ObjectProvider<OidcSignIn> oidc;

    SignInController(ObjectProvider<LocalIssuer> localIssuer, ObjectProvider<OidcSignIn> oidc) {
        this.localIssuer = localIssuer;
        this.oidc = oidc;
    }

    /**
     * Local run: the sign-in form. Production (OIDC issuer): straight to the provider's authorization endpoint,
     * with a fresh state, nonce and PKCE verifier remembered in a short-lived Lax cookie (see OidcSignInController).
     */
    @GetMapping("/login")
    String loginPage(Model model, HttpServletRequest request, HttpServletResponse response) {
        OidcSignIn sso = oidc.getIfAvailable();
        if (sso != null && sso.configured()) {
            try {
                OidcSignIn.Start start = sso.start(OidcSignInController.redirectUri(sso, request));
                response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(OidcSignInController.PENDING_COOKIE,
                                start.transientCookie()).httpOnly(true).sameSite("Lax")
                        .path(OidcSignInController.PENDING_PATH).secure(OidcSignInController.secure(sso, request))
                        .maxAge(start.cookieMaxAgeSeconds()).build().toString());
                response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
                response.setStatus(302);
                response.setHeader(HttpHeaders.LOCATION, start.authorizationUrl().toString());
                return null;
            } catch (OidcSignIn.SignInFailed e) {
                return OidcSignInController.failure(e.failure, response, model);
            }
        }
        return localLoginPage(model, request);
    }

    /**
     * The local sign-in form. Its demo users' table names their agencies: nobody is signed in yet, so the directory
     * is read as the first demo user (a local demo run only; there every password is "demo" anyway).
     */
    private String localLoginPage(Model model, HttpServletRequest request) {
        List<DemoUser> users = localIssuer.getIfAvailable() == null ? List.of() : localIssuer.getObject().users();
        if (!users.isEmpty()) {
            DemoUser reader = users.getFirst();
            request.setAttribute(ConsoleWords.DIRECTORY_READER,
                    new Identity(reader.username(), reader.displayName(), reader.roles(), reader.agency()));
        }
        model.addAttribute("localIssuer", localIssuer.getIfAvailable() != null);
        model.addAttribute("demoUsers", users);
        return "console/login";
    }

    @PostMapping("/login")
    String login(@RequestParam String username, @RequestParam String password, Model model,
                 HttpServletRequest request, HttpServletResponse response) {
        LocalIssuer issuer = localIssuer.getIfAvailable();
        Optional<DemoUser> user = issuer == null ? Optional.empty() : issuer.authenticate(username, password);
        if (user.isEmpty()) {
            model.addAttribute("loginFailed", true);
            response.setStatus(401);
            return localLoginPage(model, request);
        }
        ResponseCookie cookie = ResponseCookie.from(IdentityFilter.SESSION_COOKIE, issuer.issue(user.get()))
                .httpOnly(true).sameSite("Strict").path("/").secure(EdgeRequest.of(request).secure())
                .maxAge(issuer.lifetimeSeconds()).build();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
        return "redirect:/console";
    }

    /** Clears the session; with an OIDC provider that offers it, also ends the provider's session (RP-initiated). */
    @PostMapping("/logout")
    String logout(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(IdentityFilter.SESSION_COOKIE, "")
                .httpOnly(true).sameSite("Strict").path("/").maxAge(0).build().toString());
        OidcSignIn sso = oidc.getIfAvailable();
        if (sso == null) {
            return "redirect:/console/login";
        }
        String idToken = OidcSignInController.cookie(request, OidcSignInController.ID_TOKEN_COOKIE);
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(OidcSignInController.ID_TOKEN_COOKIE, "")
                .httpOnly(true).sameSite("Strict").path(OidcSignInController.ID_TOKEN_PATH).maxAge(0).build().toString());
        return sso.endSession(idToken, OidcSignInController.postLogoutUri(sso, request))
                .map(uri -> "redirect:" + uri)
                .orElse("redirect:" + OidcSignInController.SIGNED_OUT);
    }
}
