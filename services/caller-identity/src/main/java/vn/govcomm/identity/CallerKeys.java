package vn.govcomm.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import java.text.ParseException;
import java.util.UUID;

/**
 * Keys of the caller token: ES256 (P-256). Production keeps the private key in a secret given to the gateway only
 * ({@code CALLER_TOKEN_SIGNING_KEY}) and the public key set in every service ({@code CALLER_TOKEN_PUBLIC_KEYS});
 * during a rotation the set holds the old and the new key. The local launcher makes a fresh pair at each start.
 */
public final class CallerKeys {

    private CallerKeys() {
    }

    public static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an EC key", e);
        }
    }

    /** The JWK Set JSON services are configured with: public parts only. */
    public static String publicKeySet(ECKey key) {
        return new JWKSet(key.toPublicJWK()).toString(true);
    }

    public static ECKey parseSigningKey(String json) {
        try {
            ECKey key = ECKey.parse(json);
            if (!key.isPrivate()) {
                throw new IllegalArgumentException("The caller-token signing key has no private part");
            }
            return key;
        } catch (ParseException e) {
            throw new IllegalArgumentException("The caller-token signing key is not an EC JWK: " + e.getMessage());
        }
    }

    public static JWKSet parsePublicKeys(String json) {
        try {
            String trimmed = json.trim();
            JWKSet set = trimmed.contains("\"keys\"") ? JWKSet.parse(trimmed) : new JWKSet(ECKey.parse(trimmed));
            if (set.getKeys().isEmpty()) {
                throw new IllegalArgumentException("The caller-token public key set is empty");
            }
            // Public parts only, even if somebody pasted the private key.
            return set.toPublicJWKSet();
        } catch (ParseException e) {
            throw new IllegalArgumentException("The caller-token public keys are not a JWK Set: " + e.getMessage());
        }
    }
}
