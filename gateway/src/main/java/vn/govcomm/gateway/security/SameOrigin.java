package vn.govcomm.gateway.security;

import jakarta.servlet.http.HttpServletRequest;
import vn.govcomm.gateway.edge.EdgeRequest;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a request that carries the console's session cookie was made by the console itself (same origin) rather
 * than by another site riding on the cookie:
 * <ul>
 *   <li>with Fetch Metadata: {@code Sec-Fetch-Site} must be {@code same-origin} or {@code none} (typed by the user);</li>
 *   <li>without (older clients): safe methods pass; unsafe ones need an {@code Origin} — or, lacking it, a
 *       {@code Referer} — equal to the gateway's own origin ({@link EdgeRequest#origin()}).</li>
 * </ul>
 * Bearer-token calls are not subject to this: a browser never adds a bearer token by itself.
 */
public final class SameOrigin {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private SameOrigin() {
    }

    public static boolean allows(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            String s = site.trim().toLowerCase(Locale.ROOT);
            return s.equals("same-origin") || s.equals("none");
        }
        if (SAFE.contains(request.getMethod())) {
            return true;
        }
        String self = EdgeRequest.of(request).origin();
        String origin = request.getHeader("Origin");
        if (origin != null) {
            return !origin.equals("null") && self.equals(normalise(origin));
        }
        String referer = request.getHeader("Referer");
        return referer != null && self.equals(normalise(referer));
    }

    /** {@code scheme://host[:port]} of a URL, default port left out; null when it is not an absolute http(s) URL. */
    public static String originOf(String url) {
        return normalise(url);
    }

    static String normalise(String url) {
        try {
            URI u = URI.create(url.trim());
            String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
            if (u.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
                return null;
            }
            int port = u.getPort();
            boolean defaultPort = port < 0 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
