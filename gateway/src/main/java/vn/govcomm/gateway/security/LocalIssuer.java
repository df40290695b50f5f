package vn.govcomm.gateway.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * LOCAL RUN ONLY: a minimal OAuth2/OIDC issuer with demo users held in configuration, created only when asked for
 * ({@code govcomm.security.local-issuer.enabled}, env {@code GOVCOMM_LOCAL_ISSUER=true}) and no OIDC issuer is
 * configured. It signs with ES256: an EC P-256 key made at start-up (under 0.1 CPU-s; an RSA-2048 key took 0.3–1.2
 * CPU-s of the launcher's start with C1 only, docs/benchmarks.md "Launcher diet, part 5") that lives in memory
 * (tokens do not survive a restart, which is fine for a laptop), and its verifier accepts ES256 only. Its access
 * tokens name the API audience ({@code govcomm.security.audience}). The OIDC issuer of production is not affected:
 * its keys and algorithms are the provider's ({@link TokenVerifier#OIDC_ALGORITHMS}).
 */
public class LocalIssuer {

    /** The one algorithm of the local issuer's tokens, and the only one its verifier accepts. */
    static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;

    private final SecurityProperties.LocalIssuerProperties properties;
    private final String audience;
    private final SecurityProperties.Claims claims;
    private final ECKey key;
    private final Clock clock;

    LocalIssuer(SecurityProperties.LocalIssuerProperties properties, String audience, SecurityProperties.Claims claims,
                Clock clock) {
        this.properties = properties;
        this.audience = audience;
        this.claims = claims;
        this.clock = clock;
        try {
            this.key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(ALGORITHM)
                    .keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return properties.issuer();
    }

    public List<SecurityProperties.DemoUser> users() {
        return properties.users();
    }

    JWKSet publicKeys() {
        return new JWKSet(key.toPublicJWK());
    }

    TokenVerifier verifier() {
        return new TokenVerifier(issuer(), audience, () -> new ImmutableJWKSet<>(publicKeys()), claims, Set.of(ALGORITHM));
    }

    /** The demo user with this name and password, compared in constant time. */
    public Optional<SecurityProperties.DemoUser> authenticate(String username, String password) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        return properties.users().stream().filter(u -> u.username().equals(username))
                .filter(u -> MessageDigest.isEqual(u.password().getBytes(StandardCharsets.UTF_8),
                        password.getBytes(StandardCharsets.UTF_8)))
                .findFirst();
    }

    public long lifetimeSeconds() {
        return properties.tokenLifetime().toSeconds();
    }

    /** A signed access token carrying the user's id, display name, roles and agency under the configured claim names. */
    public String issue(SecurityProperties.DemoUser user) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder()
                .issuer(issuer()).subject(user.username()).audience(audience)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(properties.tokenLifetime())))
                .jwtID(UUID.randomUUID().toString())
                .claim(claims.userId(), user.username())
                .claim(claims.displayName(), user.displayName())
                .claim(claims.roles().contains(".") ? "roles" : claims.roles(), user.roles());
        if (user.agency() != null) {
            set.claim(claims.agency(), user.agency());
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(ALGORITHM).type(JOSEObjectType.JWT)
                    .keyID(key.getKeyID()).build(), set.build());
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
