package vn.govcomm.zalo.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code X-ZEvent-Signature}: hex SHA-256 (plain, not HMAC) of appId + raw body + timestamp + OA secret key, as
 * Zalo's Java SDK {@code MacUtils.buildMac} computes it. Accepted with or without a {@code mac=} prefix and in
 * either hex case; compared in constant time.
 */
final class WebhookSignature {

    private WebhookSignature() {
    }

    static String expected(String appId, byte[] rawBody, String timestamp, String secretKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(appId.getBytes(StandardCharsets.UTF_8));
            sha.update(rawBody);
            sha.update(timestamp.getBytes(StandardCharsets.UTF_8));
            sha.update(secretKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean matches(String header, String appId, byte[] rawBody, String timestamp, String secretKey) {
        if (header == null || secretKey == null) {
            return false;
        }
        String given = header.strip();
        if (given.regionMatches(true, 0, "mac=", 0, 4)) {
            given = given.substring(4).strip();
        }
        byte[] a = given.toLowerCase().getBytes(StandardCharsets.US_ASCII);
        byte[] b = expected(appId, rawBody, timestamp, secretKey).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(a, b);
    }
}
