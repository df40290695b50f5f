package vn.govcomm.gateway.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.govcomm.identity.testing.TestCallers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenVerifierUnitTests {

    static final String ISSUER = "https://sso.example/realms/govcomm";
    static final SecurityProperties.Claims KEYCLOAK = new SecurityProperties.Claims("preferred_username", "name",
            "realm_access.roles", "agency");
    static RSAKey key;
    static TokenVerifier verifier;

    @BeforeAll
    static void keys() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        verifier = new TokenVerifier(ISSUER, "govcomm-api", () -> new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())),
                KEYCLOAK);
    }

    /** A Keycloak-like access token (aud govcomm-api, typ claim Bearer, header typ JWT), bent by {@code tweak}. */
    static String token(JOSEObjectType headerType, Consumer<JWTClaimsSet.Builder> tweak) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("u-1")
                .audience(List.of("govcomm-api", "account")).expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .claim("typ", "Bearer").claim("preferred_username", "pham.van.duc").claim("agency", "so-y-te")
                .claim("realm_access", Map.of("roles", List.of("approver", "offline_access")));
        tweak.accept(claims);
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1");
        if (headerType != null) {
            header.type(headerType);
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    @Test
    void readsRolesFromANestedClaimAsKeycloakIssuesThemAndIgnoresUnknownRoles() throws Exception {
        Identity identity = verifier.verify(token(JOSEObjectType.JWT, c -> { }));
        assertThat(identity.userId()).isEqualTo("pham.van.duc");
        assertThat(identity.roles()).containsExactly("approver");
        assertThat(identity.agency()).isEqualTo("so-y-te");
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "at+jwt", "application/at+jwt", "jwt"})
    void acceptsTheTypesOfAnAccessToken(String type) throws Exception {
        assertThat(verifier.verify(token(new JOSEObjectType(type), c -> { })).userId()).isEqualTo("pham.van.duc");
        assertThat(verifier.verify(token(null, c -> c.claim("typ", null))).userId()).isEqualTo("pham.van.duc");
    }

    @Test
    void refusesATokenForAnotherAudienceOrWithoutOne() {
        assertThatThrownBy(() -> verifier.verify(token(JOSEObjectType.JWT, c -> c.audience("account"))))
                .isInstanceOf(TokenVerifier.InvalidTokenException.class);
        assertThatThrownBy(() -> verifier.verify(token(JOSEObjectType.JWT, c -> c.audience((String) null))))
                .isInstanceOf(TokenVerifier.InvalidTokenException.class);
    }

    @Test
    void refusesIdTokensRefreshTokensAndOtherTokenTypes() {
        // Keycloak's ID token: typ claim ID (its audience is the client; here even with ours it is refused)
        assertThatThrownBy(() -> verifier.verify(token(JOSEObjectType.JWT, c -> c.claim("typ", "ID"))))
                .isInstanceOf(TokenVerifier.InvalidTokenException.class);
        assertThatThrownBy(() -> verifier.verify(token(JOSEObjectType.JWT, c -> c.claim("typ", "Refresh"))))
                .isInstanceOf(TokenVerifier.InvalidTokenException.class);
        assertThatThrownBy(() -> verifier.verify(token(new JOSEObjectType("id_token+jwt"), c -> { })))
                .isInstanceOf(TokenVerifier.InvalidTokenException.class);
        assertThatThrownBy(() -> verifier.verify(token(new JOSEObjectType("govcomm-caller+jwt"), c -> { })))
                .isInstanceOf(TokenVerifier.InvalidTokenException.class);
    }

    @Test
    void refusesACallerTokenPresentedAsAUserToken() {
        String callerToken = TestCallers.token("govcomm-api", "hoang.quoc.bao", "so-noi-vu", "admin");
        assertThatThrownBy(() -> verifier.verify(callerToken)).isInstanceOf(TokenVerifier.InvalidTokenException.class);
    }

    @Test
    void theLocalIssuerIssuesForTheApiAudienceAndRefusesExpiredTokensAndOtherIssuers() throws Exception {
        SecurityProperties.DemoUser lan = new SecurityProperties.DemoUser("tran.thi.lan", "demo", "Trần Thị Lan",
                List.of("officer"), "so-noi-vu");
        SecurityProperties.Claims claims = new SecurityProperties.Claims("preferred_username", "name", "roles", "agency");
        LocalIssuer past = new LocalIssuer(new SecurityProperties.LocalIssuerProperties(true, "http://localhost:8080",
                Duration.ofMinutes(5), List.of(lan)), "govcomm-api", claims,
                Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC));
        String expired = past.issue(lan);
        assertThatThrownBy(() -> past.verifier().verify(expired)).isInstanceOf(TokenVerifier.InvalidTokenException.class);

        LocalIssuer other = new LocalIssuer(new SecurityProperties.LocalIssuerProperties(true, "http://elsewhere",
                Duration.ofMinutes(5), List.of(lan)), "govcomm-api", claims, Clock.systemUTC());
        LocalIssuer ours = new LocalIssuer(new SecurityProperties.LocalIssuerProperties(true, "http://localhost:8080",
                Duration.ofMinutes(5), List.of(lan)), "govcomm-api", claims, Clock.systemUTC());
        assertThatThrownBy(() -> ours.verifier().verify(other.issue(lan))).isInstanceOf(TokenVerifier.InvalidTokenException.class);
        String token = ours.issue(lan);
        assertThat(ours.verifier().verify(token).agency()).isEqualTo("so-noi-vu");
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getAudience()).containsExactly("govcomm-api");

        LocalIssuer forAnotherApi = new LocalIssuer(new SecurityProperties.LocalIssuerProperties(true,
                "http://localhost:8080", Duration.ofMinutes(5), List.of(lan)), "another-api", claims, Clock.systemUTC());
        TokenVerifier oursWithItsKey = new TokenVerifier("http://localhost:8080", "govcomm-api",
                () -> new ImmutableJWKSet<>(forAnotherApi.publicKeys()), claims);
        assertThatThrownBy(() -> oursWithItsKey.verify(forAnotherApi.issue(lan)))
                .isInstanceOf(TokenVerifier.InvalidTokenException.class);
    }

    @Test
    void aProviderThatNeverAnswersDiscoveryMakesRequestsFailFastAsUnavailableNotHang() throws Exception {
        // A provider that accepts connections and never answers (what a hung Keycloak looks like from here).
        try (java.net.ServerSocket hung = new java.net.ServerSocket(0)) {
            java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
            java.util.List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(hung.accept());
                        connections.incrementAndGet();
                    }
                } catch (java.io.IOException closed) {
                    // test over
                }
            });
            TokenVerifier oidc = TokenVerifier.forOidcIssuer("http://127.0.0.1:" + hung.getLocalPort(), "govcomm-api",
                    KEYCLOAK, ProviderHttp.client(org.springframework.web.client.RestClient.builder(),
                            Duration.ofMillis(500), Duration.ofMillis(300)));
            String token = token(JOSEObjectType.JWT, c -> { });

            assertThatThrownBy(() -> oidc.verify(token)).isInstanceOf(TokenVerifier.ProviderUnavailableException.class)
                    .hasMessageContaining("discovery");
            assertThat(connections).hasValue(1);
            // Within the retry pause nobody waits for the provider again: refused at once, no new connection.
            assertThatThrownBy(() -> oidc.verify(token)).isInstanceOf(TokenVerifier.ProviderUnavailableException.class)
                    .hasMessageContaining("recently");
            assertThat(connections).hasValue(1);
            for (java.net.Socket s : held) {
                s.close();
            }
            acceptor.interrupt();
        }
    }
}
