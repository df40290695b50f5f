package vn.govcomm.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traffic policies from configuration, over real HTTP: routing, circuit breaker fallback when a service is down,
 * body limits (on Content-Length and while a chunked body streams), per-user and per-client rate limits with the
 * client address from trusted proxies only, HSTS behind a trusted proxy, CORS preflight.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=gateway",
        "govcomm.gateway.rate-limit.capacity=3",
        "govcomm.gateway.rate-limit.paths=/api/reports/**,/signage/**",
        "govcomm.gateway.cors.allowed-origins=https://sonoivu.khanhhoa.gov.vn",
        "TRUSTED_PROXIES=127.0.0.1/32, 10.0.0.0/8"})
class GatewayTrafficTests {

    static final EchoUpstream UPSTREAM = new EchoUpstream();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        TestGateway.localIssuer(registry);
        registry.add("CAMPAIGN_SERVICE_URL", UPSTREAM::url);
        registry.add("REPORTING_SERVICE_URL", UPSTREAM::url);
        registry.add("PORTAL_ADAPTER_URL", UPSTREAM::url);
        registry.add("LED_ADAPTER_URL", UPSTREAM::url);
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

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    RestClient gateway() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> { }).build();
    }

    /** POSTs {@code size} bytes chunked (no Content-Length), as a client streaming an upload would. */
    HttpResponse<String> postChunked(String path, int size, String contentType, String token) throws Exception {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'a');
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertBodyTooLarge(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(JSON.readTree(response.body()).path("code").asString()).isEqualTo("body-too-large");
    }

    @Test
    void routesEachApiToItsService() {
        String token = Tokens.of(gateway(), "tran.thi.lan");
        ResponseEntity<String> response = gateway().get().uri("/api/campaigns/cmp-1").headers(h -> h.setBearerAuth(token))
                .retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(JSON.readTree(response.getBody()).path("path").asString()).isEqualTo("/api/campaigns/cmp-1");
    }

    @Test
    void answers503ProblemDetailsFromTheFallbackWhenAServiceIsDown() {
        String token = Tokens.of(gateway(), "tran.thi.lan");
        ResponseEntity<String> response = gateway().get().uri("/api/publications/cmp-1").headers(h -> h.setBearerAuth(token))
                .retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(503);
        JsonNode problem = JSON.readTree(response.getBody());
        assertThat(problem.path("code").asString()).isEqualTo("service-unavailable");
        assertThat(problem.path("route").asString()).isEqualTo("publishing");
    }

    @Test
    void refusesABodyWhoseContentLengthIsOverTheRoutesLimit() {
        String token = Tokens.of(gateway(), "tran.thi.lan");
        byte[] big = new byte[300 * 1024]; // the portal route allows 256KB
        ResponseEntity<String> response = gateway().post().uri("/api/portal/endpoints").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).body(big).retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(413);
        assertThat(JSON.readTree(response.getBody()).path("code").asString()).isEqualTo("body-too-large");
        assertThat(UPSTREAM.to("/api/portal/endpoints")).isEmpty();
    }

    @Test
    void cutsOffAChunkedBodyOverTheRoutesLimitWhileItStreamsAndTheServiceGetsNoRequest() throws Exception {
        String token = Tokens.of(gateway(), "tran.thi.lan");
        assertBodyTooLarge(postChunked("/api/portal/imports", 400 * 1024, "application/json", token));
        assertThat(UPSTREAM.to("/api/portal/imports")).as("no completed request upstream").isEmpty();

        // Within the limit a chunked body passes whole.
        HttpResponse<String> small = postChunked("/api/portal/imports", 100 * 1024, "application/json", token);
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(UPSTREAM.to("/api/portal/imports")).singleElement()
                .satisfies(r -> assertThat(r.bodyBytes()).isEqualTo(100 * 1024));
    }

    @Test
    void capsAnonymousPathsSmallerEvenForChunkedFormPosts() throws Exception {
        assertBodyTooLarge(postChunked("/feeds/so-y-te/subscribe", 64 * 1024, "application/octet-stream", null));
        assertBodyTooLarge(postChunked("/feeds/so-y-te/subscribe", 64 * 1024, "application/x-www-form-urlencoded", null));
        assertBodyTooLarge(postChunked("/feeds/so-y-te/subscribe", 64 * 1024, "multipart/form-data; boundary=b0undary", null));
        assertThat(UPSTREAM.to("/feeds/so-y-te/subscribe")).isEmpty();

        HttpResponse<String> small = postChunked("/feeds/so-y-te/subscribe", 8 * 1024, "application/octet-stream", null);
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(UPSTREAM.to("/feeds/so-y-te/subscribe")).singleElement()
                .satisfies(r -> assertThat(r.bodyBytes()).isEqualTo(8 * 1024));
        // A small form post still reaches the service whole (its parameters were read from the counted body).
        ResponseEntity<String> form = gateway().post().uri("/feeds/so-y-te/confirm")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body("email=a%40b.vn&topic=y-te")
                .retrieve().toEntity(String.class);
        assertThat(form.getStatusCode().value()).isEqualTo(200);
        assertThat(UPSTREAM.to("/feeds/so-y-te/confirm")).singleElement()
                .satisfies(r -> assertThat(r.bodyBytes()).isEqualTo("email=a%40b.vn&topic=y-te".length()));
    }

    @Autowired
    Resilience4JCircuitBreakerFactory breakers;

    @Test
    void oversizedUploadsDoNotOpenTheServicesCircuitBreaker() throws Exception {
        for (int i = 0; i < 12; i++) {
            assertBodyTooLarge(postChunked("/feeds/so-noi-vu/subscribe", 32 * 1024, "application/octet-stream", null));
        }
        var portal = breakers.getCircuitBreakerRegistry().circuitBreaker("portal");
        assertThat(portal.getMetrics().getNumberOfFailedCalls()).as("cut-off uploads are not the service's failures")
                .isZero();
        assertThat(portal.getState()).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED);
        assertThat(gateway().get().uri("/feeds/so-noi-vu/rss.xml").retrieve().toEntity(String.class)
                .getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void limitsTheRateOfOneUserWith429AndRetryAfter() {
        RestClient client = gateway();
        String token = Tokens.of(client, "vo.thi.mai");
        int limited = 0;
        String retryAfter = null;
        for (int i = 0; i < 6; i++) {
            ResponseEntity<String> r = client.get().uri("/api/reports/campaigns/cmp-1").headers(h -> h.setBearerAuth(token))
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

    static int status(String from, int port, String forwardedFor) {
        return TestGateway.raw(from, port, "GET", "/signage/screens/led-1/playlist",
                forwardedFor == null ? Map.of() : Map.of("X-Forwarded-For", forwardedFor), null).status();
    }

    @Test
    void aForgedForwardedForFromAnUntrustedPeerDoesNotChangeTheRateLimitBucket() {
        // 127.0.0.2 is not a trusted proxy: its X-Forwarded-For is ignored, every request counts for 127.0.0.2.
        for (int i = 1; i <= 3; i++) {
            assertThat(status("127.0.0.2", port, "203.0.113." + i)).isEqualTo(200);
        }
        assertThat(status("127.0.0.2", port, "203.0.113.99")).isEqualTo(429);
        assertThat(status("127.0.0.2", port, null)).isEqualTo(429);
    }

    @Test
    void aTrustedProxysForwardedClientHasItsOwnBucket() {
        // 127.0.0.1 is a trusted proxy: the client is the first untrusted address from the right.
        for (int i = 0; i < 3; i++) {
            assertThat(status(null, port, "198.51.100.7, 10.1.2.3")).isEqualTo(200);
        }
        assertThat(status(null, port, "198.51.100.7")).isEqualTo(429);
        // A client-supplied address left of the real one changes nothing: 198.51.100.7 is still the client.
        assertThat(status(null, port, "192.0.2.1, 198.51.100.7")).isEqualTo(429);
        assertThat(status(null, port, "198.51.100.8")).isEqualTo(200);
    }

    @Test
    void sendsHstsOnlyWhenTheClientUsedHttpsAsATrustedProxySays() {
        TestGateway.RawResponse viaProxy = TestGateway.raw(null, port, "GET", "/console/login",
                Map.of("X-Forwarded-Proto", "https"), null);
        assertThat(viaProxy.header("strict-transport-security")).startsWith("max-age=");
        TestGateway.RawResponse forged = TestGateway.raw("127.0.0.2", port, "GET", "/console/login",
                Map.of("X-Forwarded-Proto", "https"), null);
        assertThat(forged.header("strict-transport-security")).isNull();
        TestGateway.RawResponse plain = TestGateway.raw(port, "GET", "/console/login", Map.of());
        assertThat(plain.header("strict-transport-security")).isNull();
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

        // Decided on the decoded path, the one routing uses.
        TestGateway.RawResponse encoded = TestGateway.raw(port, "OPTIONS", "/%61pi/campaigns",
                Map.of("Origin", "https://evil.example", "Access-Control-Request-Method", "GET"));
        assertThat(encoded.status()).isEqualTo(403);
    }
}
