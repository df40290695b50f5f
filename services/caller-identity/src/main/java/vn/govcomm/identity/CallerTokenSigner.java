package vn.govcomm.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Signs caller tokens; the gateway's half of {@link CallerToken}. Thread-safe. */
public final class CallerTokenSigner {

    private final ECKey key;
    private final ECDSASigner signer;
    private final Clock clock;

    public CallerTokenSigner(ECKey key, Clock clock) {
        this.key = key;
        this.clock = clock;
        try {
            this.signer = new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("Unusable caller-token signing key", e);
        }
    }

    /** A token for {@code audience} (a service name) saying who the user is; roles outside the platform's are dropped. */
    public String mint(String audience, String userId, Collection<String> roles, String agencyId) {
        return mint(audience, userId, null, roles, agencyId);
    }

    /**
     * As {@link #mint(String, String, Collection, String)}, with the user's display name ({@link CallerToken#NAME_CLAIM},
     * {@link CallerToken#cleanDisplayName cleaned}; left out when null or nothing is left of it).
     */
    public String mint(String audience, String userId, String displayName, Collection<String> roles, String agencyId) {
        Instant now = clock.instant();
        List<String> platformRoles = roles.stream().filter(Caller.ROLES::contains).distinct().sorted().toList();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(CallerToken.ISSUER).audience(audience).subject(userId)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(CallerToken.LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .claim(CallerToken.ROLES_CLAIM, platformRoles);
        if (agencyId != null && !agencyId.isBlank()) {
            claims.claim(CallerToken.AGENCY_CLAIM, agencyId);
        }
        String name = CallerToken.cleanDisplayName(displayName);
        if (name != null) {
            claims.claim(CallerToken.NAME_CLAIM, name);
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(CallerToken.TYPE).keyID(key.getKeyID()).build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a caller token", e);
        }
        return jwt.serialize();
    }
}
