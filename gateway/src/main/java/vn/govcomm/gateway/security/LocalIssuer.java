package vn.govcomm.gateway.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
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
import java.util.UUID;

/**
 * LOCAL RUN ONLY: a minimal OAuth2/OIDC issuer with demo users held in configuration, created only when asked for
 * ({@code govcomm.security.local-issuer.enabled}, env {@code GOVCOMM_LOCAL_ISSUER=true}) and no OIDC issuer is
 * configured. The RSA key is made at start-up and lives in memory (tokens do not survive a restart, which is fine
 * for a laptop). Its access tokens name the API audience ({@code govcomm.security.audience}).
 */
public class LocalIssuer {

    private final SecurityProperties.LocalIssuerProperties properties;
    private final String audience;
    private final SecurityProperties.Claims claims;
    private final RSAKey key;
    private final Clock clock;

    LocalIssuer(SecurityProperties.LocalIssuerProperties properties, String audience, SecurityProperties.Claims claims,
                Clock clock) {
        this.properties = properties;
        this.audience = audience;
        this.claims = claims;
        this.clock = clock;
        try {
            this.key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID(UUID.randomUUID().toString()).generate();
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
        return new TokenVerifier(issuer(), audience, () -> new ImmutableJWKSet<>(publicKeys()), claims);
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
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID(key.getKeyID()).build(), set.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
