package vn.govcomm.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traffic policies from configuration, over real HTTP: routing, circuit breaker fallback when a service is down,
 * request size limit, per-user rate limit, CORS preflight, and the trust-identity-headers mode for local tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=gateway",
        "govcomm.security.trust-identity-headers=true",
        "govcomm.gateway.rate-limit.capacity=3",
        "govcomm.gateway.rate-limit.paths=/api/reports/**",
        "govcomm.gateway.cors.allowed-origins=https://sonoivu.khanhhoa.gov.vn"})
class GatewayTrafficTests {

    static final EchoUpstream UPSTREAM = new EchoUpstream();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("MONGODB_URI", TestStore::uri);
        registry.add("CAMPAIGN_SERVICE_URL", UPSTREAM::url);
        registry.add("REPORTING_SERVICE_URL", UPSTREAM::url);
        registry.add("PUBLISHING_SERVICE_URL", () -> "http://127.0.0.1:" + freePort()); // nobody listens there
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @Value("${local.server.port}")
    int port;

    RestClient gateway() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> { }).build();
    }

    @Test
    void routesEachApiToItsServiceAndInTrustModeKeepsTheCallersHeaders() {
        ResponseEntity<String> response = gateway().get().uri("/api/campaigns/cmp-1")
                .header("X-User-Id", "tran.thi.lan").header("X-User-Roles", "officer").retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        var echo = JSON.readTree(response.getBody());
        assertThat(echo.path("path").asString()).isEqualTo("/api/campaigns/cmp-1");
        assertThat(echo.path("identity").path("x-user-id").asString()).isEqualTo("tran.thi.lan");
    }

    @Test
    void aTokenStillWinsOverHeadersInTrustMode() {
        String token = Tokens.of(gateway(), "le.thi.hoa");
        var echo = JSON.readTree(gateway().get().uri("/api/agencies/so-y-te").header("X-User-Agency", "so-noi-vu")
                .headers(h -> h.setBearerAuth(token)).retrieve().body(String.class));
        assertThat(echo.path("identity").path("x-user-agency").asString()).isEqualTo("so-y-te");
    }

    @Test
    void answers503ProblemDetailsFromTheFallbackWhenAServiceIsDown() {
        ResponseEntity<String> response = gateway().get().uri("/api/publications/cmp-1").retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(503);
        var problem = JSON.readTree(response.getBody());
        assertThat(problem.path("code").asString()).isEqualTo("service-unavailable");
        assertThat(problem.path("route").asString()).isEqualTo("publishing");
    }

    @Test
    void refusesABodyLargerThanTheRoutesLimit() {
        byte[] big = new byte[300 * 1024]; // the portal route allows 256KB
        ResponseEntity<String> response = gateway().post().uri("/api/portal/endpoints").header("X-User-Id", "tran.thi.lan")
                .contentType(MediaType.APPLICATION_JSON).body(big).retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(413);
    }

    @Test
    void limitsTheRateOfOneCallerWith429AndRetryAfter() {
        RestClient client = gateway();
        int limited = 0;
        String retryAfter = null;
        for (int i = 0; i < 6; i++) {
            ResponseEntity<String> r = client.get().uri("/api/reports/campaigns/cmp-1").header("X-User-Id", "ai.do")
                    .retrieve().toEntity(String.class);
            if (r.getStatusCode().value() == 429) {
                limited++;
                retryAfter = r.getHeaders().getFirst("Retry-After");
                assertThat(JSON.readTree(r.getBody()).path("code").asString()).isEqualTo("rate-limited");
            }
        }
        assertThat(limited).isGreaterThanOrEqualTo(3);
        assertThat(retryAfter).isNotNull();
    }

    @Test
    void answersCorsPreflightsForConfiguredPortalsOnly() {
        ResponseEntity<String> allowed = gateway().method(HttpMethod.OPTIONS).uri("/api/campaigns")
                .header("Origin", "https://sonoivu.khanhhoa.gov.vn").header("Access-Control-Request-Method", "GET")
                .retrieve().toEntity(String.class);
        assertThat(allowed.getHeaders().getFirst("Access-Control-Allow-Origin")).isEqualTo("https://sonoivu.khanhhoa.gov.vn");

        ResponseEntity<String> other = gateway().method(HttpMethod.OPTIONS).uri("/api/campaigns")
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .retrieve().toEntity(String.class);
        assertThat(other.getStatusCode().value()).isEqualTo(403);
        assertThat(other.getHeaders().getFirst("Access-Control-Allow-Origin")).isNull();
    }
}
