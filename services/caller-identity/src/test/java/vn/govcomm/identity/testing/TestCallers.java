package vn.govcomm.identity.testing;

import com.nimbusds.jose.jwk.ECKey;
import vn.govcomm.identity.CallerKeys;
import vn.govcomm.identity.CallerToken;
import vn.govcomm.identity.CallerTokenSigner;

import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/**
 * Caller tokens for tests, signed with a key pair made once per test JVM. A service under test trusts it when its
 * context gets {@link #properties()} (e.g. {@code @DynamicPropertySource}: {@code registry.add(
 * TestCallers.PUBLIC_KEYS_PROPERTY, TestCallers::publicKeys)}); a request carries {@link #bearer}.
 */
public final class TestCallers {

    public static final String PUBLIC_KEYS_PROPERTY = CallerToken.PUBLIC_KEYS_PROPERTY;
    private static final ECKey KEY = CallerKeys.generate();
    private static final CallerTokenSigner SIGNER = new CallerTokenSigner(KEY, Clock.systemUTC());

    private TestCallers() {
    }

    public static String publicKeys() {
        return CallerKeys.publicKeySet(KEY);
    }

    /** The private key, for a gateway under test that must mint tokens these services accept. */
    public static String signingKey() {
        return KEY.toJSONString();
    }

    public static Map<String, Object> properties() {
        return Map.of(PUBLIC_KEYS_PROPERTY, publicKeys());
    }

    /** {@code Bearer <caller token>} for {@code audience} (the service's name); agency may be null. */
    public static String bearer(String audience, String user, String agency, String... roles) {
        return "Bearer " + token(audience, user, agency, roles);
    }

    public static String token(String audience, String user, String agency, String... roles) {
        return SIGNER.mint(audience, user, Arrays.asList(roles), agency);
    }

    /** {@code Bearer <caller token>} for {@code audience} carrying the user's display name too. */
    public static String namedBearer(String audience, String user, String displayName, String agency, String... roles) {
        return "Bearer " + SIGNER.mint(audience, user, displayName, Arrays.asList(roles), agency);
    }

    /** A well-formed token signed by a key no service trusts. */
    public static String foreignBearer(String audience, String user, String agency, String... roles) {
        return "Bearer " + new CallerTokenSigner(CallerKeys.generate(), Clock.systemUTC())
                .mint(audience, user, Arrays.asList(roles), agency);
    }
}
