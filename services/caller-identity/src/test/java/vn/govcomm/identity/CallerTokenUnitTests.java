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
    void aSignedDisplayNameReachesTheServiceInNfcAndTheUserIdStaysTheIdentity() throws Exception {
        String decomposed = "Nguye\u0302\u0303n Va\u0306n An"; // "Nguyễn Văn An" in NFD, as some providers send it
        Caller caller = reporting.verify(signer.mint("reporting-service", "officer.snv", decomposed, List.of("officer"),
                "so-noi-vu"));
        assertThat(caller.userId()).isEqualTo("officer.snv");
        assertThat(caller.displayName()).isEqualTo("Nguy\u1ec5n V\u0103n An").isNotEqualTo(decomposed);
        assertThat(caller.displayNameOrId()).isEqualTo("Nguyễn Văn An");
        assertThat(caller.actsFor("so-noi-vu")).isTrue();
    }

    @Test
    void aTokenWithoutANameYieldsNullAndTheIdAsTheFallback() throws Exception {
        String withoutName = signer.mint("reporting-service", "officer.snv", List.of("officer"), "so-noi-vu");
        assertThat(SignedJWT.parse(withoutName).getJWTClaimsSet().getClaims()).doesNotContainKey(CallerToken.NAME_CLAIM);
        Caller caller = reporting.verify(withoutName);
        assertThat(caller.displayName()).isNull();
        assertThat(caller.displayNameOrId()).isEqualTo("officer.snv");
        String blank = signer.mint("reporting-service", "officer.snv", " \u0000\t\u202e ", List.of("officer"), "so-noi-vu");
        assertThat(SignedJWT.parse(blank).getJWTClaimsSet().getClaims()).doesNotContainKey(CallerToken.NAME_CLAIM);
        assertThat(reporting.verify(blank).displayName()).isNull();
        assertThat(new Caller("officer.snv", Set.of("officer"), "so-noi-vu", true)).isEqualTo(caller);
    }

    @Test
    void controlAndBidiCharactersAreStrippedAndWhiteSpaceCollapsed() throws Exception {
        String hostile = "  Tr\u1ea7n\u0000 Th\u1ecb\r\n\t Lan\u202e\u200b\u0007 ";
        assertThat(reporting.verify(signer.mint("reporting-service", "lan", hostile, List.of("viewer"), "so-y-te"))
                .displayName()).isEqualTo("Trần Thị Lan");
        assertThat(CallerToken.cleanDisplayName("Lê\u2028Văn\u00a0\u00a0Tám")).isEqualTo("Lê Văn Tám");
    }

    @Test
    void anOverlongNameIsCutAtTheCapWithoutSplittingACharacter() throws Exception {
        String emoji = "\ud83d\ude00"; // one code point, two chars
        String overlong = "Nguyễn " + emoji.repeat(CallerToken.MAX_DISPLAY_NAME);
        String name = reporting.verify(signer.mint("reporting-service", "x", overlong, List.of("officer"), "so-y-te"))
                .displayName();
        assertThat(name.codePointCount(0, name.length())).isEqualTo(CallerToken.MAX_DISPLAY_NAME);
        assertThat(name).startsWith("Nguyễn " + emoji).endsWith(emoji);
        assertThat(Character.isHighSurrogate(name.charAt(name.length() - 1))).isFalse();
    }

    @Test
    void aNameInATokenMintedElsewhereIsCleanedByTheServiceToo() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(CallerToken.ISSUER).audience("reporting-service")
                .subject("eve").issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(60)))
                .claim("roles", List.of("officer")).claim(CallerToken.NAME_CLAIM, "Eve\u0000\u202eX" + "a".repeat(500))
                .build();
        String name = reporting.verify(sign(CallerToken.TYPE.getType(), claims)).displayName();
        assertThat(name).startsWith("EveX").hasSize(CallerToken.MAX_DISPLAY_NAME);
        JWTClaimsSet notAString = new JWTClaimsSet.Builder(claims).claim(CallerToken.NAME_CLAIM, List.of("x")).build();
        assertThat(reporting.verify(sign(CallerToken.TYPE.getType(), notAString)).displayName()).isNull();
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
