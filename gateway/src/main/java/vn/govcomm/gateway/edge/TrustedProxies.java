package vn.govcomm.gateway.edge;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The addresses (CIDR ranges) of the proxies in front of the gateway whose forwarding headers are believed
 * ({@code govcomm.gateway.trusted-proxies}). Empty = no proxy is trusted: the socket peer is the client.
 * Only IP literals are parsed; nothing here ever asks DNS.
 */
public final class TrustedProxies {

    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /** @throws IllegalArgumentException naming the entry that is not an IP address or CIDR range */
    public static TrustedProxies of(List<String> cidrs) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : cidrs == null ? List.<String>of() : cidrs) {
            for (String cidr : entry.split(",")) {
                String c = cidr.trim();
                if (!c.isEmpty()) {
                    ranges.add(Range.parse(c));
                }
            }
        }
        return new TrustedProxies(ranges);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether {@code address} (an IP literal; anything else is never trusted) is one of the trusted proxies. */
    public boolean trusts(String address) {
        if (ranges.isEmpty()) {
            return false;
        }
        byte[] bytes = parse(address);
        return bytes != null && ranges.stream().anyMatch(r -> r.contains(bytes));
    }

    /** The address bytes of an IP literal (IPv6 may be bracketed), or null if it is not one. */
    static byte[] parse(String address) {
        if (address == null) {
            return null;
        }
        String a = address.trim();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        int zone = a.indexOf('%');
        if (zone >= 0) {
            a = a.substring(0, zone);
        }
        if (a.isEmpty() || !LITERAL.matcher(a).matches() || (!a.contains(":") && a.chars().filter(ch -> ch == '.').count() != 3)) {
            return null;
        }
        try {
            return InetAddress.getByName(a).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Canonical text of an IP literal (e.g. IPv4-mapped IPv6 as IPv4), or null if it is not one. */
    static String canonical(String address) {
        byte[] bytes = parse(address);
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Range(byte[] network, int prefix, String text) {

        static Range parse(String cidr) {
            int slash = cidr.indexOf('/');
            byte[] network = TrustedProxies.parse(slash < 0 ? cidr : cidr.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("govcomm.gateway.trusted-proxies (TRUSTED_PROXIES): '" + cidr
                        + "' is not an IP address or CIDR range");
            }
            int prefix;
            try {
                prefix = slash < 0 ? network.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("govcomm.gateway.trusted-proxies (TRUSTED_PROXIES): '" + cidr
                        + "' has a bad prefix length");
            }
            return new Range(network, prefix, cidr.toLowerCase(Locale.ROOT));
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
