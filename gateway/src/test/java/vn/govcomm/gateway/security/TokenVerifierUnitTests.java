package vn.govcomm.gateway.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenVerifierUnitTests {

    static final SecurityProperties.Claims KEYCLOAK = new SecurityProperties.Claims("preferred_username", "name",
            "realm_access.roles", "agency");

    @Test
    void readsRolesFromANestedClaimAsKeycloakIssuesThemAndIgnoresUnknownRoles() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        TokenVerifier verifier = new TokenVerifier("https://sso.example/realms/govcomm",
                () -> new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())), KEYCLOAK);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder().issuer("https://sso.example/realms/govcomm").subject("u-1")
                        .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                        .claim("preferred_username", "pham.van.duc").claim("agency", "so-y-te")
                        .claim("realm_access", Map.of("roles", List.of("approver", "offline_access"))).build());
        jwt.sign(new RSASSASigner(key));

        Identity identity = verifier.verify(jwt.serialize());
        assertThat(identity.userId()).isEqualTo("pham.van.duc");
        assertThat(identity.roles()).containsExactly("approver");
        assertThat(identity.agency()).isEqualTo("so-y-te");
    }

    @Test
    void rejectsAnExpiredTokenAndOneFromAnotherIssuer() throws Exception {
        SecurityProperties.DemoUser lan = new SecurityProperties.DemoUser("tran.thi.lan", "demo", "Trần Thị Lan",
                List.of("officer"), "so-noi-vu");
        SecurityProperties.Claims claims = new SecurityProperties.Claims("preferred_username", "name", "roles", "agency");
        LocalIssuer past = new LocalIssuer(new SecurityProperties.LocalIssuerProperties("http://localhost:8080",
                Duration.ofMinutes(5), List.of(lan)), claims, Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC));
        String expired = past.issue(lan);
        assertThatThrownBy(() -> past.verifier().verify(expired)).isInstanceOf(TokenVerifier.InvalidTokenException.class);

        LocalIssuer other = new LocalIssuer(new SecurityProperties.LocalIssuerProperties("http://elsewhere",
                Duration.ofMinutes(5), List.of(lan)), claims, Clock.systemUTC());
        LocalIssuer ours = new LocalIssuer(new SecurityProperties.LocalIssuerProperties("http://localhost:8080",
                Duration.ofMinutes(5), List.of(lan)), claims, Clock.systemUTC());
        assertThatThrownBy(() -> ours.verifier().verify(other.issue(lan))).isInstanceOf(TokenVerifier.InvalidTokenException.class);
        assertThat(ours.verifier().verify(ours.issue(lan)).agency()).isEqualTo("so-noi-vu");
    }
}
