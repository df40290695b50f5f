package vn.govcomm.email.composing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Identifiers derived from (deliveryId, attempt) alone, so that a message sent again after a crash carries the
 * same ones as the first copy (mail clients and archives see a duplicate, not a second notice), and so that a bounce
 * can be traced back to its delivery.
 */
public final class MessageIds {

    private static final int MAX_LOCAL_PART = 64;

    private MessageIds() {
    }

    /**
     * {@code <dlv-7c1f….1@domain>}: the delivery id with every character outside {@code [A-Za-z0-9_-]} written as
     * {@code =XX} (so ':' and dots of an id never break the dot-atom syntax of RFC 5322), a dot, the attempt.
     */
    public static String messageId(String deliveryId, int attempt, String domain) {
        return "<" + token(deliveryId, attempt) + "@" + domain + ">";
    }

    /**
     * The VERP envelope sender for {@code base} (e.g. {@code bounces@tinh.gov.vn}): {@code bounces+<token>@tinh.gov.vn},
     * the token as in the Message-ID when the local part stays within 64 characters, else {@code h} and 26 base32
     * characters of SHA-256(deliveryId/attempt).
     */
    public static String verpAddress(String base, String deliveryId, int attempt) {
        int at = base.lastIndexOf('@');
        String local = base.substring(0, at);
        return local + "+" + verpToken(local, deliveryId, attempt) + base.substring(at);
    }

    /** The token {@link #verpAddress} puts after the '+'. */
    public static String verpToken(String baseLocalPart, String deliveryId, int attempt) {
        String token = token(deliveryId, attempt);
        if (baseLocalPart.length() + 1 + token.length() <= MAX_LOCAL_PART) {
            return token;
        }
        return "h" + base32(sha256(deliveryId + "/" + attempt)).substring(0, 26);
    }

    /** The token of a VERP address ({@code local+token@domain}), or null. */
    public static String verpTokenOf(String address) {
        if (address == null) {
            return null;
        }
        int at = address.lastIndexOf('@');
        int plus = address.indexOf('+');
        return plus > 0 && at > plus + 1 ? address.substring(plus + 1, at) : null;
    }

    static String token(String deliveryId, int attempt) {
        StringBuilder out = new StringBuilder(deliveryId.length() + 4);
        for (byte b : deliveryId.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
                out.append(c);
            } else {
                out.append('=').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return out.append('.').append(attempt).toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base32(byte[] bytes) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        return out.toString();
    }
}
