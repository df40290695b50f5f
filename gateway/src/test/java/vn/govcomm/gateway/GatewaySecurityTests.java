package vn.govcomm.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each denial at the edge, over real HTTP: no token, a bad token, a wrong role, forged identity headers,
 * and the audit trail admins (only) can read. A real upstream shows what the services would receive.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=gateway")
class GatewaySecurityTests {

    static final EchoUpstream UPSTREAM = new EchoUpstream();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("MONGODB_URI", TestStore::uri);
        for (String service : new String[]{"CAMPAIGN_SERVICE_URL", "PUBLISHING_SERVICE_URL", "PORTAL_ADAPTER_URL",
                "LED_ADAPTER_URL", "REPORTING_SERVICE_URL"}) {
            registry.add(service, UPSTREAM::url);
        }
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @Value("${local.server.port}")
    int port;
    RestClient gateway;

    @BeforeEach
    void client() {
        gateway = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> { }).build();
    }

    ResponseEntity<String> get(String path, String token, String... headers) {
        return gateway.get().uri(path).headers(h -> {
            if (token != null) {
                h.setBearerAuth(token);
            }
            for (int i = 0; i < headers.length; i += 2) {
                h.add(headers[i], headers[i + 1]);
            }
        }).retrieve().toEntity(String.class);
    }

    ResponseEntity<String> post(String path, String token) {
        return gateway.post().uri(path).headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .body("{}").retrieve().toEntity(String.class);
    }

    @Test
    void rejectsAnApiCallWithoutATokenWith401ProblemDetails() {
        ResponseEntity<String> response = get("/api/campaigns/cmp-1", null, "X-User-Id", "tran.thi.lan",
                "X-User-Roles", "admin");
        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(JSON.readTree(response.getBody()).path("code").asString()).isEqualTo("unauthenticated");
        assertThat(response.getHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void rejectsATamperedTokenWith401() {
        String token = Tokens.of(gateway, "tran.thi.lan");
        String[] parts = token.split("\\.");
        // Same signature, payload swapped for an admin's: the signature no longer matches.
        String admin = Tokens.of(gateway, "hoang.quoc.bao").split("\\.")[1];
        ResponseEntity<String> response = get("/api/campaigns/cmp-1", parts[0] + "." + admin + "." + parts[2]);
        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertThat(JSON.readTree(response.getBody()).path("code").asString()).isEqualTo("invalid-token");
    }

    @Test
    void forwardsTheIdentityOfTheTokenAndNeverTheClientsOwnHeaders() {
        String token = Tokens.of(gateway, "tran.thi.lan");
        ResponseEntity<String> response = get("/api/campaigns/cmp-1", token, "X-User-Id", "nguyen.van.minh",
                "X-User-Roles", "admin,approver", "X-User-Agency", "so-y-te", "x-user-extra", "forged");
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        JsonNode identity = JSON.readTree(response.getBody()).path("identity");
        assertThat(identity.path("x-user-id").asString()).isEqualTo("tran.thi.lan");
        assertThat(identity.path("x-user-roles").asString()).isEqualTo("officer");
        assertThat(identity.path("x-user-agency").asString()).isEqualTo("so-noi-vu");
        assertThat(identity.has("x-user-extra")).isFalse();
    }

    @Test
    void anOfficerMayNotApproveAndAViewerMayNotChangeAnything() {
        ResponseEntity<String> officerApproves = post("/api/campaigns/cmp-1/approve", Tokens.of(gateway, "tran.thi.lan"));
        assertThat(officerApproves.getStatusCode().value()).isEqualTo(403);
        assertThat(JSON.readTree(officerApproves.getBody()).path("code").asString()).isEqualTo("forbidden");

        ResponseEntity<String> viewerCreates = post("/api/campaigns", Tokens.of(gateway, "vo.thi.mai"));
        assertThat(viewerCreates.getStatusCode().value()).isEqualTo(403);

        ResponseEntity<String> officerEditsDirectory = post("/api/agencies/so-y-te/endpoints", Tokens.of(gateway, "le.thi.hoa"));
        assertThat(officerEditsDirectory.getStatusCode().value()).isEqualTo(403);

        ResponseEntity<String> approverApproves = post("/api/campaigns/cmp-1/approve", Tokens.of(gateway, "nguyen.van.minh"));
        assertThat(approverApproves.getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void portalsAndScreensPassWithoutAUserButCannotSmuggleOne() {
        ResponseEntity<String> feed = get("/feeds/so-y-te/rss.xml", null, "X-User-Id", "hoang.quoc.bao",
                "X-User-Roles", "admin");
        assertThat(feed.getStatusCode().value()).isEqualTo(200);
        assertThat(JSON.readTree(feed.getBody()).path("identity").isEmpty()).isTrue();
        assertThat(get("/signage/screens/led-1/playlist", null).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void onlyAdminsReadTheAuditTrailWhichRecordsWhoDidWhat() {
        post("/api/campaigns/cmp-9/approve", Tokens.of(gateway, "pham.van.duc"));

        assertThat(get("/api/audit/gateway", Tokens.of(gateway, "pham.van.duc")).getStatusCode().value()).isEqualTo(403);
        assertThat(get("/api/audit/gateway", null).getStatusCode().value()).isEqualTo(401);

        String admin = Tokens.of(gateway, "hoang.quoc.bao");
        JsonNode entry = await().atMost(Duration.ofSeconds(10)).until(() -> {
            ResponseEntity<String> audit = get("/api/audit/gateway", admin);
            assertThat(audit.getStatusCode().value()).isEqualTo(200);
            for (JsonNode e : JSON.readTree(audit.getBody()).path("entries")) {
                if (e.path("path").asString().equals("/api/campaigns/cmp-9/approve")) {
                    return e;
                }
            }
            return null;
        }, java.util.Objects::nonNull);
        assertThat(entry.path("actor").asString()).isEqualTo("pham.van.duc");
        assertThat(entry.path("agency").asString()).isEqualTo("so-y-te");
        assertThat(entry.path("action").asString()).isEqualTo("approve");
        assertThat(entry.path("status").asInt()).isEqualTo(200);
        assertThat(entry.path("at").asString()).isNotBlank();
    }

    @Test
    void issuesTokensOnlyForKnownClientsWithTheRightSecret() {
        ResponseEntity<String> wrong = gateway.post().uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=client_credentials&client_id=tran.thi.lan&client_secret=nope").retrieve().toEntity(String.class);
        assertThat(wrong.getStatusCode().value()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.getBody()).path("error").asString()).isEqualTo("invalid_client");

        JsonNode discovery = JSON.readTree(get("/.well-known/openid-configuration", null).getBody());
        assertThat(discovery.path("token_endpoint").asString()).endsWith("/oauth2/token");
        assertThat(JSON.readTree(get("/oauth2/jwks", null).getBody()).path("keys").get(0).has("d")).isFalse();
    }

    @Test
    void exposesHealthAndPrometheusWithoutAToken() {
        assertThat(get("/actuator/health/readiness", null).getBody()).contains("UP");
        assertThat(get("/actuator/prometheus", null).getBody()).contains("jvm_memory_used_bytes");
    }
}
