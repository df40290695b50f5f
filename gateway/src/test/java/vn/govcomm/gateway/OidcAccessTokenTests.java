package vn.govcomm.gateway;

import com.nimbusds.jose.JOSEObjectType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.gateway.console.FakeOidcProvider;
import vn.govcomm.identity.testing.TestCallers;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access tokens of an OIDC provider at the API, over real HTTP: only an access token for the API's audience is a
 * user (Keycloak's ID and refresh tokens, another application's token, the gateway's own caller tokens are not),
 * and the service behind receives a caller token, never the provider's token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=gateway")
class OidcAccessTokenTests {

    static final FakeOidcProvider PROVIDER = new FakeOidcProvider();
    static final EchoUpstream UPSTREAM = new EchoUpstream();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final FakeOidcProvider.User DUC = new FakeOidcProvider.User("pham.van.duc", "Phạm Văn Đức", List.of("approver"),
            "so-y-te");

    @DynamicPropertySource
    static void oidc(DynamicPropertyRegistry registry) {
        registry.add("MONGODB_URI", TestStore::uri);
        registry.add("CALLER_TOKEN_SIGNING_KEY", TestCallers::signingKey);
        registry.add("OIDC_ISSUER_URI", PROVIDER::url);
        registry.add("REPORTING_SERVICE_URL", UPSTREAM::url);
    }

    @AfterAll
    static void stop() {
        PROVIDER.close();
        UPSTREAM.close();
    }

    @Value("${local.server.port}")
    int port;

    ResponseEntity<String> report(String token) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> { }).build()
                .get().uri("/api/reports/campaigns/c-1").headers(h -> h.setBearerAuth(token)).retrieve().toEntity(String.class);
    }

    void assertRefused(String token) {
        int before = UPSTREAM.received.size();
        ResponseEntity<String> response = report(token);
        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertThat(JSON.readTree(response.getBody()).path("code").asString()).isEqualTo("invalid-token");
        assertThat(UPSTREAM.received).hasSize(before);
    }

    @Test
    void anAccessTokenForTheApiBecomesACallerTokenForTheService() throws Exception {
        String token = PROVIDER.accessToken(DUC, Duration.ofMinutes(5));
        ResponseEntity<String> response = report(token);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        String authorization = JSON.readTree(response.getBody()).path("authorization").asString();
        assertThat(authorization).doesNotContain(token);
        assertThat(TestGateway.callerFor("reporting-service", authorization).userId()).isEqualTo("pham.van.duc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"at+jwt", "application/at+jwt"})
    void acceptsTheAccessTokenMediaTypes(String type) {
        String token = PROVIDER.sign(PROVIDER.accessTokenClaims(DUC, Duration.ofMinutes(5)).build(), new JOSEObjectType(type));
        assertThat(report(token).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void refusesATokenForAnotherAudience() {
        assertRefused(PROVIDER.sign(PROVIDER.accessTokenClaims(DUC, Duration.ofMinutes(5)).audience("account").build(),
                JOSEObjectType.JWT));
        assertRefused(PROVIDER.sign(PROVIDER.accessTokenClaims(DUC, Duration.ofMinutes(5)).audience((String) null).build(),
                JOSEObjectType.JWT));
    }

    @Test
    void refusesIdTokensRefreshTokensAndOtherTypes() {
        // An ID token that even names the API as audience: its typ says what it is.
        assertRefused(PROVIDER.sign(PROVIDER.accessTokenClaims(DUC, Duration.ofMinutes(5)).claim("typ", "ID").build(),
                JOSEObjectType.JWT));
        assertRefused(PROVIDER.sign(PROVIDER.accessTokenClaims(DUC, Duration.ofMinutes(5)).claim("typ", "Refresh").build(),
                JOSEObjectType.JWT));
        assertRefused(PROVIDER.sign(PROVIDER.accessTokenClaims(DUC, Duration.ofMinutes(5)).build(),
                new JOSEObjectType("id_token+jwt")));
    }

    @Test
    void refusesACallerTokenPresentedAsAUserToken() {
        assertRefused(TestCallers.token("reporting-service", "hoang.quoc.bao", "so-noi-vu", "admin"));
        assertRefused(TestCallers.token("govcomm-api", "hoang.quoc.bao", "so-noi-vu", "admin"));
    }
}
