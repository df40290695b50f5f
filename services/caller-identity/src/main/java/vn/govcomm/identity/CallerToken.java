package vn.govcomm.identity;

import com.nimbusds.jose.JOSEObjectType;

import java.text.Normalizer;
import java.time.Duration;

/**
 * The caller token: a short-lived JWT the gateway signs for each request it forwards, with the service as its
 * audience. It is the only identity a service believes (docs/CONVENTIONS.md, Identity).
 * <pre>
 * header  {"alg":"ES256","typ":"govcomm-caller+jwt","kid":"…"}
 * claims  {"iss":"govcomm-gateway","aud":"reporting-service","sub":"tran.thi.lan","roles":["officer"],
 *          "agency":"so-noi-vu","name":"Trần Thị Lan","iat":…,"exp":iat+60,"jti":"…"}
 * </pre>
 * It travels as {@code Authorization: Bearer <token>}; a user's own access token never reaches a service.
 * {@code name} (optional) is the user's display name from the identity provider, for services to record who did
 * something in people's words; it decides nothing. Both halves pass it through {@link #cleanDisplayName}.
 */
public final class CallerToken {

    public static final String ISSUER = "govcomm-gateway";
    public static final JOSEObjectType TYPE = new JOSEObjectType("govcomm-caller+jwt");
    public static final String ROLES_CLAIM = "roles";
    public static final String AGENCY_CLAIM = "agency";
    /** The user's display name (the OIDC standard claim's name); optional. */
    public static final String NAME_CLAIM = "name";
    /** Longest display name carried, in code points (a Vietnamese full name is far shorter). */
    public static final int MAX_DISPLAY_NAME = 120;
    /** Long enough for a request to cross the gateway and wait in a queue, short enough to be useless if leaked. */
    public static final Duration LIFETIME = Duration.ofSeconds(60);
    /** Tolerated clock difference between the gateway and a service. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    /** Properties: the gateway's private signing key (JWK JSON) and the services' public key set (JWK Set JSON). */
    public static final String SIGNING_KEY_PROPERTY = "govcomm.security.caller-token.signing-key";
    public static final String PUBLIC_KEYS_PROPERTY = "govcomm.security.caller-token.public-keys";

    private CallerToken() {
    }

    /**
     * A display name fit to store and show: NFC (one form of "ễ", so equal names compare equal), control, format
     * (bidirectional overrides, zero-width) and line/paragraph separator characters removed, runs of white space made
     * one space, trimmed, cut to {@link #MAX_DISPLAY_NAME} code points (never inside a surrogate pair). Null when
     * nothing is left (or it was null): the id is shown instead.
     */
    public static String cleanDisplayName(String raw) {
        if (raw == null) {
            return null;
        }
        String nfc = Normalizer.normalize(raw, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(Math.min(nfc.length(), MAX_DISPLAY_NAME * 2));
        int kept = 0;
        boolean pendingSpace = false;
        for (int i = 0; i < nfc.length() && kept < MAX_DISPLAY_NAME; ) {
            int cp = nfc.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
                    || type == Character.PRIVATE_USE || type == Character.SURROGATE) {
                continue;
            }
            if (pendingSpace) {
                if (kept + 1 >= MAX_DISPLAY_NAME) {
                    break;
                }
                out.append(' ');
                kept++;
                pendingSpace = false;
            }
            out.appendCodePoint(cp);
            kept++;
        }
        return out.isEmpty() ? null : out.toString();
    }
}
