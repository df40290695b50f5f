package vn.govcomm.portal.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one rule for URLs users configure and the adapter then calls (WordPress base URLs, WebSub {@code hub.callback}):
 * no server-side request forgery into the platform's own network.
 * <ul>
 *   <li>an absolute {@code https} URL ({@code http} only with {@code govcomm.outbound.allow-http=true}), with a
 *       host and without user-info;</li>
 *   <li>every address the host resolves to must be public: loopback, private (10/8, 172.16/12, 192.168/16,
 *       fc00::/7, fec0::/10), link-local (169.254/16 with the cloud metadata address, fe80::/10), any-local
 *       (0/8, ::), multicast, carrier-grade NAT (100.64/10) and reserved (240/4) are refused, as are IPv6 forms
 *       embedding such an IPv4 address (::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::/96); a host that does not resolve is
 *       refused too;</li>
 *   <li>unless {@code host} or {@code host:port} is listed in {@code govcomm.outbound.allowed-hosts} (local fakes):
 *       then the address check is skipped, the scheme rule is not.</li>
 * </ul>
 * Checked when the URL is configured (the API answers 400 naming the field) and again before every call
 * ({@link OutboundHttp}), since DNS answers can change. A window remains between this check and the HTTP client's
 * own lookup (DNS rebinding with a zero TTL); the network policy of the deployment (egress rules) is the lock for it.
 */
public final class OutboundUrlPolicy {

    /** How host names are resolved; {@link InetAddress#getAllByName} in production. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Why a URL may not be called; {@link #code()} is stable, the messages are for people. */
    public static final class Refused extends Exception {
        private final String code;
        private final String messageVi;

        Refused(String code, String messageVi, String messageEn) {
            super(messageEn);
            this.code = code;
            this.messageVi = messageVi;
        }

        public String code() {
            return code;
        }

        public String messageVi() {
            return messageVi;
        }

        public String messageEn() {
            return getMessage();
        }
    }

    private final boolean allowHttp;
    private final Set<String> allowedHosts;
    private final Resolver resolver;

    public OutboundUrlPolicy(boolean allowHttp, Collection<String> allowedHosts, Resolver resolver) {
        this.allowHttp = allowHttp;
        this.allowedHosts = allowedHosts.stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    public static OutboundUrlPolicy of(OutboundProperties properties) {
        return new OutboundUrlPolicy(properties.allowHttp(), properties.allowedHosts(), InetAddress::getAllByName);
    }

    public boolean allowHttp() {
        return allowHttp;
    }

    /** The URL parsed, if it may be called now. */
    public URI check(String url) throws Refused {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url.trim());
        } catch (URISyntaxException e) {
            throw invalid();
        }
        check(uri);
        return uri;
    }

    public void check(URI uri) throws Refused {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
            throw invalid();
        }
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new Refused("scheme-not-allowed",
                    allowHttp ? "Chỉ cho phép địa chỉ https:// hoặc http://." : "Chỉ cho phép địa chỉ https://.",
                    allowHttp ? "Only https:// or http:// URLs are allowed." : "Only https:// URLs are allowed.");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("credentials-in-url", "Địa chỉ không được chứa tên đăng nhập/mật khẩu.",
                    "The URL must not carry a user name or password.");
        }
        String host = host(uri);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (allowedHosts.contains(host) || allowedHosts.contains(host + ":" + port)) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare(host));
        } catch (UnknownHostException | SecurityException e) {
            throw new Refused("unresolvable-host", "Không phân giải được tên máy chủ.",
                    "The host name does not resolve.");
        }
        if (addresses == null || addresses.length == 0) {
            throw new Refused("unresolvable-host", "Không phân giải được tên máy chủ.",
                    "The host name does not resolve.");
        }
        for (InetAddress address : addresses) {
            if (forbidden(address)) {
                throw new Refused("private-address",
                        "Máy chủ thuộc mạng nội bộ (loopback, mạng riêng, link-local, metadata...): không được phép.",
                        "The host is on an internal network (loopback, private, link-local, metadata...): not allowed.");
            }
        }
    }

    /** An address the adapter must never call for a user-configured URL. */
    static boolean forbidden(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return forbiddenV4(b);
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xFE) == 0xFC) { // fc00::/7 unique local
                return true;
            }
            if (embedsV4(b)) {
                return forbiddenV4(new byte[] {b[12], b[13], b[14], b[15]}) || isZero(b, 12, 16);
            }
        }
        return false;
    }

    private static boolean forbiddenV4(byte[] b) {
        int a0 = b[0] & 0xFF;
        int a1 = b[1] & 0xFF;
        return a0 == 0                                 // 0.0.0.0/8 "this network" (reaches the local host)
                || a0 == 127                           // loopback
                || a0 == 10                            // private
                || a0 == 172 && (a1 & 0xF0) == 16      // private 172.16/12
                || a0 == 192 && a1 == 168              // private
                || a0 == 169 && a1 == 254              // link-local, cloud metadata 169.254.169.254
                || a0 == 100 && (a1 & 0xC0) == 64      // carrier-grade NAT 100.64/10
                || a0 >= 224;                          // multicast 224/4, reserved 240/4, broadcast
    }

    /** ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::a.b.c.d (NAT64). */
    private static boolean embedsV4(byte[] b) {
        boolean mapped = isZero(b, 0, 10) && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
        boolean compatible = isZero(b, 0, 12);
        boolean nat64 = (b[0] & 0xFF) == 0x00 && (b[1] & 0xFF) == 0x64 && (b[2] & 0xFF) == 0xFF
                && (b[3] & 0xFF) == 0x9B && isZero(b, 4, 12);
        return mapped || compatible || nat64;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Lower case, no trailing dot; IPv6 literals keep their brackets (as in {@code [::1]:8080}). */
    private static String host(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        while (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host;
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static Refused invalid() {
        return new Refused("invalid-url", "Địa chỉ URL không hợp lệ (cần URL đầy đủ có tên máy chủ).",
                "Not a valid absolute URL with a host.");
    }
}
