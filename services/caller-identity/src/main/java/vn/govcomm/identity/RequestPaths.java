package vn.govcomm.identity;

import java.util.Locale;

/**
 * The path rules the gateway and every service apply before deciding anything on a path (modelled on Spring
 * Security's {@code StrictHttpFirewall}): a request whose raw path could be read two ways is refused, so "is this
 * path public?" and "which handler serves it?" always see the same path.
 */
public final class RequestPaths {

    private static final String[] ENCODED_FORBIDDEN = {"%2f", "%5c", "%2e", "%25", "%3b", "%00"};

    private RequestPaths() {
    }

    /**
     * Why the raw request path (without the query string) is ambiguous, or null when it is not: path parameters
     * ({@code ;}), encoded {@code / \ . % ;} or NUL, a backslash, an empty segment ({@code //}), a dot segment,
     * control or non-ASCII characters.
     */
    public static String ambiguity(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return "not an absolute path";
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return "control, space or non-ASCII character";
            }
            if (c == ';') {
                return "path parameter (;)";
            }
            if (c == '\\') {
                return "backslash";
            }
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        for (String encoded : ENCODED_FORBIDDEN) {
            if (lower.contains(encoded)) {
                return "encoded " + encoded;
            }
        }
        if (rawPath.contains("//")) {
            return "empty path segment (//)";
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "dot segment";
            }
        }
        if (lower.matches(".*%(?![0-9a-f]{2}).*")) {
            return "malformed percent-encoding";
        }
        return null;
    }

    /**
     * The path as routing and handlers see it: percent-decoded (UTF-8). Only meaningful for a path
     * {@link #ambiguity} accepted, where decoding cannot create a separator or a dot segment.
     */
    public static String decoded(String rawPath) {
        return java.net.URLDecoder.decode(rawPath.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }
}
