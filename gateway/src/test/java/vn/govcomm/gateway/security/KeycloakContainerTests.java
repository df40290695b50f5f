package vn.govcomm.gateway.security;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production path against a real OIDC provider (Keycloak): discovery, JWKS, signature and issuer checks,
 * claim mapping with the configured names. Runs wherever Docker exists; skipped here.
 */
@Testcontainers(disabledWithoutDocker = true)
class KeycloakContainerTests {

    @Container
    static final GenericContainer<?> KEYCLOAK = new GenericContainer<>("quay.io/keycloak/keycloak:26.4")
            .withEnv("KC_BOOTSTRAP_ADMIN_USERNAME", "admin")
            .withEnv("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin")
            .withCommand("start-dev")
            .withExposedPorts(8080)
            .waitingFor(Wait.forHttp("/realms/master/.well-known/openid-configuration").forPort(8080)
                    .withStartupTimeout(Duration.ofMinutes(3)));

    @Test
    void verifiesATokenIssuedByKeycloakAndMapsItsUser() throws Exception {
        String issuer = "http://" + KEYCLOAK.getHost() + ":" + KEYCLOAK.getMappedPort(8080) + "/realms/master";
        RestClient http = RestClient.create();
        String body = http.post().uri(issuer + "/protocol/openid-connect/token")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=password&client_id=admin-cli&username=admin&password=admin")
                .retrieve().body(String.class);
        String token = JsonMapper.builder().build().readTree(body).path("access_token").asString();

        TokenVerifier verifier = TokenVerifier.forOidcIssuer(issuer,
                new SecurityProperties.Claims("preferred_username", "name", "realm_access.roles", "agency"), http);
        Identity identity = verifier.verify(token);
        assertThat(identity.userId()).isEqualTo("admin");
        // Keycloak's own realm roles (create-realm, default-roles-master...) are not platform roles: none granted.
        assertThat(identity.roles()).isEmpty();

        String[] parts = token.split("\\.");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> verifier.verify(parts[0] + "." + parts[1] + ".AAAA"))
                .isInstanceOf(TokenVerifier.InvalidTokenException.class);
    }
}
