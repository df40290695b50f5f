package vn.govcomm.identity;

import com.nimbusds.jose.JOSEObjectType;

import java.time.Duration;

/**
 * The caller token: a short-lived JWT the gateway signs for each request it forwards, with the service as its
 * audience. It is the only identity a service believes (docs/CONVENTIONS.md, Identity).
 * <pre>
 * header  {"alg":"ES256","typ":"govcomm-caller+jwt","kid":"…"}
 * claims  {"iss":"govcomm-gateway","aud":"reporting-service","sub":"tran.thi.lan","roles":["officer"],
 *          "agency":"so-noi-vu","iat":…,"exp":iat+60,"jti":"…"}
 * </pre>
 * It travels as {@code Authorization: Bearer <token>}; a user's own access token never reaches a service.
 */
public final class CallerToken {

    public static final String ISSUER = "govcomm-gateway";
    public static final JOSEObjectType TYPE = new JOSEObjectType("govcomm-caller+jwt");
    public static final String ROLES_CLAIM = "roles";
    public static final String AGENCY_CLAIM = "agency";
    /** Long enough for a request to cross the gateway and wait in a queue, short enough to be useless if leaked. */
    public static final Duration LIFETIME = Duration.ofSeconds(60);
    /** Tolerated clock difference between the gateway and a service. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    /** Properties: the gateway's private signing key (JWK JSON) and the services' public key set (JWK Set JSON). */
    public static final String SIGNING_KEY_PROPERTY = "govcomm.security.caller-token.signing-key";
    public static final String PUBLIC_KEYS_PROPERTY = "govcomm.security.caller-token.public-keys";

    private CallerToken() {
    }
}
