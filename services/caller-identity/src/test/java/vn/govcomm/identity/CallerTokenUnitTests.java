package vn.govcomm.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallerTokenUnitTests {

    static final Instant NOW = Instant.parse("2026-12-04T08:00:00Z");
    static final ECKey KEY = CallerKeys.generate();
    static final JWKSet PUBLIC = CallerKeys.parsePublicKeys(CallerKeys.publicKeySet(KEY));

    CallerTokenSigner signer = new CallerTokenSigner(KEY, Clock.fixed(NOW, ZoneOffset.UTC));
    CallerTokenVerifier reporting = verifier("reporting-service", NOW);

    static CallerTokenVerifier verifier(String audience, Instant now) {
        return new CallerTokenVerifier(PUBLIC, audience, List.of("so-noi-vu"), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aTokenForTheServiceYieldsItsCallerWithPlatformRolesOnly() throws Exception {
        Caller caller = reporting.verify(signer.mint("reporting-service", "vo.thi.mai", List.of("viewer", "superuser"),
                "so-noi-vu"));
        assertThat(caller.userId()).isEqualTo("vo.thi.mai");
        assertThat(caller.roles()).containsExactly("viewer");
        assertThat(caller.agencyId()).isEqualTo("so-noi-vu");
        assertThat(caller.provinceWide()).isTrue();
        assertThat(caller.readsAllAgencies()).isTrue();
        assertThat(caller.actsFor("so-noi-vu")).isFalse();
    }

    @Test
    void aUserWithoutAPlatformRoleReadsNothingEvenOfTheirOwnAgency() throws Exception {
        Caller noRole = reporting.verify(signer.mint("reporting-service", "x", List.of("uma_authorization"), "so-y-te"));
        assertThat(noRole.roles()).isEmpty();
        assertThat(noRole.reads("so-y-te")).isFalse();
        Caller officer = reporting.verify(signer.mint("reporting-service", "y", List.of("officer"), "so-y-te"));
        assertThat(officer.reads("so-y-te")).isTrue();
        assertThat(officer.reads("so-noi-vu")).isFalse();
    }

    @Test
    void aTokenForAnotherServiceIsRefused() {
        String forCampaigns = signer.mint("campaign-service", "tran.thi.lan", List.of("officer"), "so-noi-vu");
        assertThatThrownBy(() -> reporting.verify(forCampaigns))
                .isInstanceOf(CallerTokenVerifier.InvalidCallerTokenException.class);
    }

    @Test
    void anExpiredTokenIsRefusedAndOneWithinTheSkewIsAccepted() throws Exception {
        String token = signer.mint("reporting-service", "tran.thi.lan", List.of("officer"), "so-noi-vu");
        assertThat(verifier("reporting-service", NOW.plus(Duration.ofSeconds(80))).verify(token).userId())
                .isEqualTo("tran.thi.lan");
        assertThatThrownBy(() -> verifier("reporting-service", NOW.plus(Duration.ofSeconds(100))).verify(token))
                .isInstanceOf(CallerTokenVerifier.InvalidCallerTokenException.class);
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() {
        String foreign = new CallerTokenSigner(CallerKeys.generate(), Clock.fixed(NOW, ZoneOffset.UTC))
                .mint("reporting-service", "eve", List.of("admin"), "so-noi-vu");
        assertThatThrownBy(() -> reporting.verify(foreign))
                .isInstanceOf(CallerTokenVerifier.InvalidCallerTokenException.class);
    }

    @Test
    void aTokenOfAnotherTypeOrIssuerOrWithALongLifetimeIsRefused() throws Exception {
        JWTClaimsSet.Builder good = new JWTClaimsSet.Builder().issuer(CallerToken.ISSUER).audience("reporting-service")
                .subject("eve").issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(60)))
                .claim("roles", List.of("admin"));
        assertThat(reporting.verify(sign(CallerToken.TYPE.getType(), good.build())).userId()).isEqualTo("eve");
        assertThatThrownBy(() -> reporting.verify(sign("JWT", good.build())))
                .isInstanceOf(CallerTokenVerifier.InvalidCallerTokenException.class);
        assertThatThrownBy(() -> reporting.verify(sign(CallerToken.TYPE.getType(), good.issuer("keycloak").build())))
                .isInstanceOf(CallerTokenVerifier.InvalidCallerTokenException.class);
        JWTClaimsSet longLived = new JWTClaimsSet.Builder(good.issuer(CallerToken.ISSUER).build())
                .expirationTime(Date.from(NOW.plus(Duration.ofHours(8)))).build();
        assertThatThrownBy(() -> reporting.verify(sign(CallerToken.TYPE.getType(), longLived)))
                .isInstanceOf(CallerTokenVerifier.InvalidCallerTokenException.class);
    }

    private static String sign(String type, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new com.nimbusds.jose.JOSEObjectType(type)).keyID(KEY.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(KEY));
        return jwt.serialize();
    }

    @Test
    void publicKeySetsNeverCarryThePrivatePart() {
        assertThat(CallerKeys.parsePublicKeys(KEY.toJSONString()).getKeys().getFirst().isPrivate()).isFalse();
        assertThatThrownBy(() -> CallerKeys.parseSigningKey(KEY.toPublicJWK().toJSONString()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api;x=1/reports", "/%61pi/../api", "/api/%2e%2e/x", "/api//reports", "/api/./reports",
            "/feeds/../api/reports", "/api%2freports", "/api%5Creports", "/api\\reports", "/api/%252e", "/api/%3b",
            "/api/%00", "/api/ x", "/api/%zz", "relative", "/api/.."})
    void ambiguousPathsAreNamed(String path) {
        assertThat(RequestPaths.ambiguity(path)).isNotNull();
    }

    @Test
    void plainAndHarmlesslyEncodedPathsPassAndAreDecoded() {
        assertThat(RequestPaths.ambiguity("/api/reports/campaigns/cmp-1/counts")).isNull();
        assertThat(RequestPaths.ambiguity("/%61pi/reports")).isNull();
        assertThat(RequestPaths.decoded("/%61pi/reports")).isEqualTo("/api/reports");
        assertThat(RequestPaths.decoded("/feeds/a+b")).isEqualTo("/feeds/a+b");
        assertThat(Set.of(RequestPaths.decoded("/api/t%E1%BA%BFt"))).containsExactly("/api/tết");
    }
}
