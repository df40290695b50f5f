package vn.govcomm.gateway.security;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The production path against a real OIDC provider (Keycloak): discovery, JWKS, signature, issuer, audience and
 * token type checks, claim mapping with the configured names. A realm is set up as production's should be: a
 * client whose access tokens carry the API audience (an audience mapper) and the user's agency, realm roles for the
 * platform's roles; a second client without the mapper stands for any other application of the realm. Runs wherever
 * Docker exists; skipped elsewhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class KeycloakContainerTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Container
    static final GenericContainer<?> KEYCLOAK = new GenericContainer<>("quay.io/keycloak/keycloak:26.4")
            .withEnv("KC_BOOTSTRAP_ADMIN_USERNAME", "admin")
            .withEnv("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin")
            .withCommand("start-dev")
            .withExposedPorts(8080)
            .waitingFor(Wait.forHttp("/realms/master/.well-known/openid-configuration").forPort(8080)
                    .withStartupTimeout(Duration.ofMinutes(3)));

    static final String REALM = """
            {"realm": "govcomm", "enabled": true,
             "roles": {"realm": [{"name": "approver"}, {"name": "officer"}]},
             "clients": [
               {"clientId": "govcomm-cli", "publicClient": true, "directAccessGrantsEnabled": true,
                "standardFlowEnabled": false,
                "protocolMappers": [
                  {"name": "api-audience", "protocol": "openid-connect", "protocolMapper": "oidc-audience-mapper",
                   "config": {"included.custom.audience": "govcomm-api", "access.token.claim": "true",
                              "id.token.claim": "false", "introspection.token.claim": "true"}},
                  {"name": "agency", "protocol": "openid-connect", "protocolMapper": "oidc-hardcoded-claim-mapper",
                   "config": {"claim.name": "agency", "claim.value": "so-y-te", "jsonType.label": "String",
                              "access.token.claim": "true", "id.token.claim": "false", "userinfo.token.claim": "false"}}]},
               {"clientId": "other-app", "publicClient": true, "directAccessGrantsEnabled": true,
                "standardFlowEnabled": false}],
             "users": [
               {"username": "pham.van.duc", "enabled": true, "emailVerified": true, "firstName": "Văn Đức",
                "lastName": "Phạm", "email": "pham.van.duc@so-y-te.example",
                "credentials": [{"type": "password", "value": "demo", "temporary": false}],
                "realmRoles": ["approver"]}]}
            """;

    static String base;
    static String issuer;
    static TokenVerifier verifier;

    @BeforeAll
    static void realm() {
        base = "http://" + KEYCLOAK.getHost() + ":" + KEYCLOAK.getMappedPort(8080);
        issuer = base + "/realms/govcomm";
        RestClient http = RestClient.create();
        String admin = JSON.readTree(http.post().uri(base + "/realms/master/protocol/openid-connect/token")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=password&client_id=admin-cli&username=admin&password=admin")
                .retrieve().body(String.class)).path("access_token").asString();
        http.post().uri(base + "/admin/realms").headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON).body(REALM).retrieve().toBodilessEntity();
        verifier = TokenVerifier.forOidcIssuer(issuer, "govcomm-api",
                new SecurityProperties.Claims("preferred_username", "name", "realm_access.roles", "agency"), http);
    }

    static JsonNode tokens(String clientId) {
        return JSON.readTree(RestClient.create().post().uri(issuer + "/protocol/openid-connect/token")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=password&scope=openid&client_id=" + clientId + "&username=pham.van.duc&password=demo")
                .retrieve().body(String.class));
    }

    @Test
    void verifiesAnAccessTokenForTheApiAudienceAndMapsItsUserRolesAndAgency() throws Exception {
        Identity identity = verifier.verify(tokens("govcomm-cli").path("access_token").asString());
        assertThat(identity.userId()).isEqualTo("pham.van.duc");
        // Keycloak's own realm roles (default-roles-govcomm, offline_access...) are not platform roles.
        assertThat(identity.roles()).containsExactly("approver");
        assertThat(identity.agency()).isEqualTo("so-y-te");
    }

    @Test
    void refusesATamperedTokenTheIdTokenTheRefreshTokenAndAnotherApplicationsToken() {
        JsonNode tokens = tokens("govcomm-cli");
        String[] parts = tokens.path("access_token").asString().split("\\.");
        assertThatThrownBy(() -> verifier.verify(parts[0] + "." + parts[1] + ".AAAA"))
                .isInstanceOf(TokenVerifier.InvalidTokenException.class);
        // The ID token: typ claim "ID", audience the client.
        assertThatThrownBy(() -> verifier.verify(tokens.path("id_token").asString()))
                .isInstanceOf(TokenVerifier.InvalidTokenException.class);
        assertThatThrownBy(() -> verifier.verify(tokens.path("refresh_token").asString()))
                .isInstanceOf(TokenVerifier.InvalidTokenException.class);
        // Same realm, same user, but a client without the audience mapper: not a token for this API.
        assertThatThrownBy(() -> verifier.verify(tokens("other-app").path("access_token").asString()))
                .isInstanceOf(TokenVerifier.InvalidTokenException.class);
    }
}
