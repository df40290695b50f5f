package vn.govcomm.facebook.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(appSecret, rawBody)>}, compared in constant time. */
final class WebhookSignature {

    private WebhookSignature() {
    }

    static boolean valid(String appSecret, byte[] rawBody, String header) {
        if (appSecret == null || appSecret.isBlank() || header == null || !header.startsWith("sha256=")) {
            return false;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(header.substring("sha256=".length()).trim().toLowerCase());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmac(appSecret, rawBody), presented);
    }

    static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
