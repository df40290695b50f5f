package vn.govcomm.gateway.edge;

import jakarta.servlet.http.HttpServletRequest;
import vn.govcomm.identity.RequestPaths;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/**
 * What the gateway decides on for one request, worked out once by the {@link PathFirewall} before anything else:
 *
 * @param path          the percent-decoded path ({@link RequestPaths#decoded}), the same one routing uses; every
 *                      decision (public or not, role rules, rate limits, body limits, CORS, audit) is made on it
 * @param clientAddress the client's IP address: the socket peer, or, when the peer is a trusted proxy, the first
 *                      untrusted address of {@code Forwarded} / {@code X-Forwarded-For} walking from the right
 *                      ("unknown" when that entry is not an IP address)
 * @param secure        TLS on the socket, or a trusted proxy says the client used https
 * @param origin        the gateway's own origin as this client sees it ({@code scheme://host[:port]}, default port
 *                      left out): the Host header, or a trusted proxy's forwarded host
 */
public record EdgeRequest(String path, String clientAddress, boolean secure, String origin) {

    /** Request attribute holding this record. */
    public static final String ATTRIBUTE = "govcomm.gateway.edge";
    public static final String UNKNOWN = "unknown";

    /** The record the firewall stored, or (outside the filter chain) one derived from the socket alone. */
    public static EdgeRequest of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof EdgeRequest edge) {
            return edge;
        }
        String raw = request.getRequestURI().substring(request.getContextPath().length());
        return resolve(request, RequestPaths.ambiguity(raw) == null ? RequestPaths.decoded(raw) : raw, TrustedProxies.none());
    }

    static EdgeRequest resolve(HttpServletRequest request, String path, TrustedProxies proxies) {
        String peer = request.getRemoteAddr();
        String peerText = TrustedProxies.canonical(peer);
        String client = peerText != null ? peerText : peer;
        boolean secure = request.isSecure();
        String host = request.getHeader("Host");
        if (proxies.trusts(peer)) {
            List<Hop> hops = hops(request);
            if (!hops.isEmpty()) {
                Hop chosen = hops.getFirst(); // everybody trusted: the leftmost hop is the client
                for (int i = hops.size() - 1; i >= 0; i--) {
                    Hop hop = hops.get(i);
                    if (hop.address() == null || !proxies.trusts(hop.address())) {
                        chosen = hop;
                        break;
                    }
                }
                client = chosen.address() == null ? UNKNOWN : TrustedProxies.canonical(chosen.address());
                if (chosen.proto() != null) {
                    secure = "https".equalsIgnoreCase(chosen.proto());
                }
                if (chosen.host() != null) {
                    host = chosen.host();
                }
            }
            String proto = last(request.getHeaders("X-Forwarded-Proto"));
            if (proto != null && request.getHeader("Forwarded") == null) {
                secure = "https".equalsIgnoreCase(proto);
            }
            String forwardedHost = last(request.getHeaders("X-Forwarded-Host"));
            if (forwardedHost != null && request.getHeader("Forwarded") == null) {
                host = forwardedHost;
            }
        }
        return new EdgeRequest(path, client, secure, origin(secure, host));
    }

    /** One proxy hop: the address it received the request from, and what it saw of scheme and host. */
    private record Hop(String address, String proto, String host) {
    }

    /** {@code Forwarded} (RFC 7239) when present, else {@code X-Forwarded-For}; left to right. */
    private static List<Hop> hops(HttpServletRequest request) {
        List<Hop> hops = new ArrayList<>();
        List<String> forwarded = values(request.getHeaders("Forwarded"));
        if (!forwarded.isEmpty()) {
            for (String element : forwarded) {
                String forAddress = null;
                String proto = null;
                String host = null;
                for (String pair : element.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq < 0) {
                        continue;
                    }
                    String name = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                    String value = unquote(pair.substring(eq + 1).trim());
                    switch (name) {
                        case "for" -> forAddress = nodeAddress(value);
                        case "proto" -> proto = value;
                        case "host" -> host = value;
                        default -> { }
                    }
                }
                hops.add(new Hop(forAddress, proto, host));
            }
            return hops;
        }
        for (String address : values(request.getHeaders("X-Forwarded-For"))) {
            hops.add(new Hop(nodeAddress(address), null, null));
        }
        return hops;
    }

    /** The IP of a node: {@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711}; null if none. */
    private static String nodeAddress(String node) {
        String n = node.trim();
        if (n.startsWith("[")) {
            int end = n.indexOf(']');
            n = end < 0 ? n : n.substring(1, end);
        } else if (n.indexOf(':') == n.lastIndexOf(':') && n.indexOf(':') > 0) {
            n = n.substring(0, n.indexOf(':')); // IPv4 with a port
        }
        return TrustedProxies.parse(n) == null ? null : n;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** All comma-separated values of every occurrence of a header, left to right. */
    private static List<String> values(Enumeration<String> headers) {
        List<String> out = new ArrayList<>();
        for (String header : headers == null ? Collections.<String>emptyList() : Collections.list(headers)) {
            for (String v : header.split(",")) {
                if (!v.isBlank()) {
                    out.add(v.trim());
                }
            }
        }
        return out;
    }

    private static String last(Enumeration<String> headers) {
        List<String> all = values(headers);
        return all.isEmpty() ? null : all.getLast();
    }

    static String origin(boolean secure, String host) {
        String scheme = secure ? "https" : "http";
        if (host == null || host.isBlank()) {
            return scheme + "://unknown";
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if ((secure && h.endsWith(":443")) || (!secure && h.endsWith(":80"))) {
            h = h.substring(0, h.lastIndexOf(':'));
        }
        return scheme + "://" + h;
    }
}
