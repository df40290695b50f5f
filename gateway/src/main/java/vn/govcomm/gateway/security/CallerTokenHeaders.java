package vn.govcomm.gateway.security;

import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.cloud.gateway.server.mvc.filter.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.function.ServerRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The headers a proxied request carries to its service, decided last (after the gateway's own header filters):
 * <ul>
 *   <li>every {@code X-User-*} header is removed, always: no header a client can write is identity;</li>
 *   <li>the console's cookies holding tokens ({@code GOVCOMM_SESSION}, {@code GOVCOMM_ID_TOKEN}, {@code GOVCOMM_OIDC})
 *       are removed from {@code Cookie}: a user's own tokens never reach a service;</li>
 *   <li>with a verified user (a path outside the allow-list): the client's {@code Authorization} is replaced by
 *       {@code Bearer <caller token>} for the route's service;</li>
 *   <li>on an allow-listed path (feeds, screens, webhooks) no caller token is minted and the client's
 *       {@code Authorization} (a portal's feed token, a screen's secret) goes on unchanged.</li>
 * </ul>
 */
class CallerTokenHeaders implements HttpHeadersFilter.RequestHttpHeadersFilter, Ordered {

    static final Set<String> TOKEN_COOKIES = Set.of(IdentityFilter.SESSION_COOKIE, "GOVCOMM_ID_TOKEN", "GOVCOMM_OIDC");

    private final CallerTokens tokens;

    CallerTokenHeaders(CallerTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public HttpHeaders apply(HttpHeaders input, ServerRequest request) {
        HttpHeaders out = new HttpHeaders();
        input.forEach((name, values) -> {
            if (!name.toLowerCase(Locale.ROOT).startsWith("x-user-")) {
                out.addAll(name, values);
            }
        });
        stripTokenCookies(out);
        Object who = request.servletRequest().getAttribute(IdentityFilter.IDENTITY);
        boolean allowListed = Boolean.TRUE.equals(request.servletRequest().getAttribute(IdentityFilter.PUBLIC));
        if (!allowListed) {
            out.remove(HttpHeaders.AUTHORIZATION);
            if (who instanceof Identity identity) {
                out.set(HttpHeaders.AUTHORIZATION, tokens.bearer(MvcUtils.getAttribute(request, MvcUtils.GATEWAY_ROUTE_ID_ATTR),
                        identity));
            }
        }
        return out;
    }

    private static void stripTokenCookies(HttpHeaders headers) {
        List<String> cookies = headers.get(HttpHeaders.COOKIE);
        if (cookies == null) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String header : cookies) {
            for (String pair : header.split(";")) {
                String p = pair.trim();
                int eq = p.indexOf('=');
                String name = eq < 0 ? p : p.substring(0, eq).trim();
                if (!p.isEmpty() && !TOKEN_COOKIES.contains(name)) {
                    kept.add(p);
                }
            }
        }
        headers.remove(HttpHeaders.COOKIE);
        if (!kept.isEmpty()) {
            headers.set(HttpHeaders.COOKIE, String.join("; ", kept));
        }
    }
}
