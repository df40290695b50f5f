package vn.govcomm.gateway.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local (demo) issuer signs with an EC P-256 key (ES256) and its verifier accepts ES256 only: a token of another
 * key under the same key id, an RS256 token (even with the RSA key in the verifier's key set), an HS256 token keyed
 * with the issuer's public key (RSA/EC-HMAC confusion) and an unsigned one are all refused. Deny by default holds for
 * the OIDC verifier of production too (its algorithms have no HMAC and no {@code none}).
 */
class LocalIssuerKeyTests {

    static final SecurityProperties.DemoUser LAN = new SecurityProperties.DemoUser("tran.thi.lan", "demo",
            "Trần Thị Lan", List.of("officer"), "so-noi-vu");
    static final SecurityProperties.Claims CLAIMS = new SecurityProperties.Claims("preferred_username", "name", "roles",
            "agency");
    static final String ISSUER = "http://localhost:8080";

    static LocalIssuer issuer;
    static String kid;

    @BeforeAll
    static void issuer() {
        issuer = new LocalIssuer(new SecurityProperties.LocalIssuerProperties(true, ISSUER, Duration.ofMinutes(5),
                List.of(LAN)), "govcomm-api", CLAIMS, Clock.systemUTC());
        kid = issuer.publicKeys().getKeys().getFirst().getKeyID();
    }

    /** What the local issuer would put in a token for Lan, signed by {@code signer} with {@code alg} under our key id. */
    static String forged(JWSAlgorithm alg, JWSSigner signer) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).keyID(kid).build(), claims());
        jwt.sign(signer);
        return jwt.serialize();
    }

    static JWTClaimsSet claims() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject(LAN.username()).audience("govcomm-api")
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).claim("preferred_username", LAN.username())
                .claim("roles", List.of("admin")).claim("agency", "so-noi-vu").build();
    }

    @Test
    void publishesOneEcP256SigningKeyWithoutItsPrivatePartAndSignsWithEs256() throws Exception {
        JWKSet keys = issuer.publicKeys();
        assertThat(keys.getKeys()).hasSize(1);
        JWK key = keys.getKeys().getFirst();
        assertThat(key.getKeyType()).isEqualTo(KeyType.EC);
        assertThat(key.toECKey().getCurve()).isEqualTo(Curve.P_256);
        assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(key.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
        assertThat(key.isPrivate()).isFalse();
        @SuppressWarnings("unchecked")
        List<java.util.Map<String, Object>> published = (List<java.util.Map<String, Object>>) keys.toJSONObject(true)
                .get("keys");
        assertThat(published.getFirst()).containsKeys("x", "y").doesNotContainKey("d");

        String token = issuer.issue(LAN);
        assertThat(SignedJWT.parse(token).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(SignedJWT.parse(token).getHeader().getKeyID()).isEqualTo(kid);
        Identity identity = issuer.verifier().verify(token);
        assertThat(identity.userId()).isEqualTo("tran.thi.lan");
        assertThat(identity.roles()).containsExactly("officer");
        // a second issuer (a restart) has a new key: the old tokens are not accepted by it
        LocalIssuer restarted = new LocalIssuer(new SecurityProperties.LocalIssuerProperties(true, ISSUER,
                Duration.ofMinutes(5), List.of(LAN)), "govcomm-api", CLAIMS, Clock.systemUTC());
        assertThatThrownBy(() -> restarted.verifier().verify(token)).isInstanceOf(TokenVerifier.InvalidTokenException.class);
    }

    @Test
    void refusesATokenSignedByAnotherEcKeyUnderTheSameKeyId() throws Exception {
        ECKey other = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        String token = forged(JWSAlgorithm.ES256, new ECDSASigner(other));
        assertThatThrownBy(() -> issuer.verifier().verify(token)).isInstanceOf(TokenVerifier.InvalidTokenException.class);
    }

    @Test
    void acceptsOnlyEs256EvenWhenAnRsaKeyIsInItsKeySet() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID(kid).generate();
        String rs256 = forged(JWSAlgorithm.RS256, new RSASSASigner(rsa));
        assertThatThrownBy(() -> issuer.verifier().verify(rs256)).isInstanceOf(TokenVerifier.InvalidTokenException.class);

        // the local verifier's algorithms with both keys: the RSA key is never selected, the EC one still is
        JWKSet both = new JWKSet(List.of(issuer.publicKeys().getKeys().getFirst(), rsa.toPublicJWK()));
        TokenVerifier esOnly = new TokenVerifier(ISSUER, "govcomm-api", () -> new ImmutableJWKSet<>(both), CLAIMS,
                Set.of(LocalIssuer.ALGORITHM));
        assertThatThrownBy(() -> esOnly.verify(rs256)).isInstanceOf(TokenVerifier.InvalidTokenException.class);
        assertThat(esOnly.verify(issuer.issue(LAN)).userId()).isEqualTo("tran.thi.lan");
        // the production (OIDC) set takes RS256 from the same key set: the difference is the configured algorithms
        TokenVerifier oidc = new TokenVerifier(ISSUER, "govcomm-api", () -> new ImmutableJWKSet<>(both), CLAIMS);
        assertThat(oidc.verify(rs256).userId()).isEqualTo("tran.thi.lan");
    }

    @Test
    void refusesAnHmacTokenKeyedWithThePublicKeyAndAnUnsignedOne() throws Exception {
        byte[] publicKeyAsSecret = issuer.publicKeys().getKeys().getFirst().toJSONString()
                .getBytes(StandardCharsets.UTF_8);
        String hs256 = forged(JWSAlgorithm.HS256, new MACSigner(publicKeyAsSecret));
        String unsigned = new PlainJWT(claims()).serialize();
        TokenVerifier oidc = new TokenVerifier(ISSUER, "govcomm-api", () -> new ImmutableJWKSet<>(issuer.publicKeys()),
                CLAIMS);
        for (TokenVerifier verifier : List.of(issuer.verifier(), oidc)) {
            assertThatThrownBy(() -> verifier.verify(hs256)).isInstanceOf(TokenVerifier.InvalidTokenException.class);
            assertThatThrownBy(() -> verifier.verify(unsigned)).isInstanceOf(TokenVerifier.InvalidTokenException.class);
        }
    }

    @Test
    void aVerifierCannotBeConfiguredForHmacOrNoAlgorithm() {
        for (Set<JWSAlgorithm> algorithms : List.of(Set.of(JWSAlgorithm.HS256), Set.of(JWSAlgorithm.ES256,
                JWSAlgorithm.HS512), Set.<JWSAlgorithm>of(), Set.of(new JWSAlgorithm("none")))) {
            assertThatThrownBy(() -> new TokenVerifier(ISSUER, "govcomm-api",
                    () -> new ImmutableJWKSet<>(issuer.publicKeys()), CLAIMS, algorithms))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
