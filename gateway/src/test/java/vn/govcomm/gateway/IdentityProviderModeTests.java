package vn.govcomm.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;
import vn.govcomm.gateway.console.FakeOidcProvider;
import vn.govcomm.identity.CallerKeys;
import vn.govcomm.identity.testing.TestCallers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which identity provider the gateway starts with, and what it refuses to start without: the OIDC issuer, or the
 * local demo issuer only when explicitly enabled (never by default, never beside an OIDC issuer), and always the
 * caller-token signing key and an audience for every route.
 */
class IdentityProviderModeTests {

    static final FakeOidcProvider PROVIDER = new FakeOidcProvider();
    final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    @AfterEach
    void stopAll() {
        contexts.forEach(ConfigurableApplicationContext::close);
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    ConfigurableApplicationContext start(String... extra) {
        String[] args = Stream.concat(Stream.of("--spring.config.name=gateway", "--server.port=0",
                "--spring.main.banner-mode=off", "--MONGODB_URI=" + TestStore.uri(),
                "--CAMPAIGN_SERVICE_URL=http://127.0.0.1:9"), Stream.of(extra)).toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayApplication.class).run(args);
        contexts.add(context);
        return context;
    }

    static RestClient client(ConfigurableApplicationContext context) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"))
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> { }).build();
    }

    static int status(RestClient client, String path) {
        return client.get().uri(path).retrieve().toBodilessEntity().getStatusCode().value();
    }

    static String signingKey() {
        return "--CALLER_TOKEN_SIGNING_KEY=" + TestCallers.signingKey();
    }

    @Test
    void doesNotStartWithNeitherAnOidcIssuerNorTheLocalIssuer() {
        assertThatThrownBy(() -> start(signingKey()))
                .rootCause().hasMessageContaining("No identity provider").hasMessageContaining("OIDC_ISSUER_URI")
                .hasMessageContaining("GOVCOMM_LOCAL_ISSUER=true");
    }

    @Test
    void startsTheLocalIssuerOnlyWhenExplicitlyEnabled() {
        RestClient gateway = client(start(signingKey(), "--GOVCOMM_LOCAL_ISSUER=true"));
        assertThat(status(gateway, "/oauth2/jwks")).isEqualTo(200);
        assertThat(status(gateway, "/.well-known/openid-configuration")).isEqualTo(200);
        assertThat(Tokens.of(gateway, "tran.thi.lan")).isNotBlank();
    }

    @Test
    void startsWithTheOidcIssuerAndServesNoLocalIssuer() {
        ConfigurableApplicationContext context = start(signingKey(), "--OIDC_ISSUER_URI=" + PROVIDER.url());
        RestClient gateway = client(context);
        assertThat(status(gateway, "/oauth2/jwks")).isEqualTo(404);
        assertThat(context.getBeanNamesForType(vn.govcomm.gateway.security.LocalIssuer.class)).isEmpty();
    }

    @Test
    void withBothTheOidcIssuerWinsAndTheLocalIssuerStaysOff() {
        ConfigurableApplicationContext context = start(signingKey(), "--OIDC_ISSUER_URI=" + PROVIDER.url(),
                "--GOVCOMM_LOCAL_ISSUER=true");
        RestClient gateway = client(context);
        assertThat(context.getBeanNamesForType(vn.govcomm.gateway.security.LocalIssuer.class)).isEmpty();
        assertThat(gateway.post().uri("/oauth2/token").body("grant_type=client_credentials&client_id=tran.thi.lan&client_secret=demo")
                .header("Content-Type", "application/x-www-form-urlencoded").retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(404);
        // The provider's tokens are the ones that count.
        String token = PROVIDER.accessToken(PROVIDER.nextUser, Duration.ofMinutes(5));
        assertThat(gateway.get().uri("/api/campaigns").headers(h -> h.setBearerAuth(token)).retrieve().toBodilessEntity()
                .getStatusCode().value()).isNotEqualTo(401);
    }

    @Test
    void doesNotStartWithoutAUsableCallerTokenSigningKey() {
        assertThatThrownBy(() -> start("--GOVCOMM_LOCAL_ISSUER=true"))
                .rootCause().hasMessageContaining("No caller-token signing key").hasMessageContaining("CALLER_TOKEN_SIGNING_KEY");
        String publicOnly = CallerKeys.generate().toPublicJWK().toJSONString();
        assertThatThrownBy(() -> start("--GOVCOMM_LOCAL_ISSUER=true", "--CALLER_TOKEN_SIGNING_KEY=" + publicOnly))
                .rootCause().hasMessageContaining("no private part");
    }

    @Test
    void doesNotStartWithARouteNoServiceIsNamedFor() {
        assertThatThrownBy(() -> start(signingKey(), "--GOVCOMM_LOCAL_ISSUER=true",
                "--spring.cloud.gateway.server.webmvc.routes[0].id=archive",
                "--spring.cloud.gateway.server.webmvc.routes[0].uri=http://127.0.0.1:9",
                "--spring.cloud.gateway.server.webmvc.routes[0].predicates[0]=Path=/api/archive/**"))
                .rootCause().hasMessageContaining("No caller-token audience for route(s) [archive]");
    }
}
