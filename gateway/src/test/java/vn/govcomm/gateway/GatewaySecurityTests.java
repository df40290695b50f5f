package vn.govcomm.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.identity.Caller;
import vn.govcomm.identity.CallerTokenVerifier;
import vn.govcomm.identity.testing.TestCallers;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Each decision at the edge over real HTTP, with a real upstream that echoes what it receives: the path firewall,
 * deny by default with its allow-list, a bad or misplaced token, role rules, and what the services get — a caller
 * token for their own audience, never the user's token nor a client's X-User-* headers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=gateway")
class GatewaySecurityTests {

    static final EchoUpstream UPSTREAM = new EchoUpstream();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        TestGateway.localIssuer(registry);
        for (String service : new String[]{"CAMPAIGN_SERVICE_URL", "PUBLISHING_SERVICE_URL", "PORTAL_ADAPTER_URL",
                "FACEBOOK_ADAPTER_URL", "ZALO_ADAPTER_URL", "LED_ADAPTER_URL", "REPORTING_SERVICE_URL", "MANUAL_ADAPTER_URL",
                "EMAIL_ADAPTER_URL", "NOTIFICATION_SERVICE_URL"}) {
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

    static void assertProblem(int status, String contentType, String body, String code) {
        assertThat(contentType).startsWith("application/problem+json");
        assertThat(JSON.readTree(body).path("status").asInt()).isEqualTo(status);
        assertThat(JSON.readTree(body).path("code").asString()).isEqualTo(code);
    }

    // ---- the path firewall and deny by default --------------------------------------------------------------

    /**
     * Raw request targets that could be read two ways, or that decode to a protected path: each is refused (400
     * ambiguous, or 401 for its decoded path) with problem details, and the upstream never hears of it.
     */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "/api;x=1/reports/campaigns/c-1/counts           | 400 | ambiguous-path",
            "/api/reports;jsessionid=1/campaigns/c-1/counts  | 400 | ambiguous-path",
            "/%61pi/reports/campaigns/c-1/counts             | 401 | unauthenticated",
            "/%61%70%69/campaigns                            | 401 | unauthenticated",
            "/api/%2e%2e/feeds/x                             | 400 | ambiguous-path",
            "/api/%2E%2E/feeds/x                             | 400 | ambiguous-path",
            "/feeds/..;/api/campaigns                        | 400 | ambiguous-path",
            "/feeds/%2e%2e/api/campaigns                     | 400 | ambiguous-path",
            "/feeds/../api/campaigns                         | 400 | ambiguous-path",
            "/feeds/./x                                      | 400 | ambiguous-path",
            "//api/campaigns                                 | 400 | ambiguous-path",
            "/api//campaigns                                 | 400 | ambiguous-path",
            "/feeds//x                                       | 400 | ambiguous-path",
            "/API/campaigns                                  | 401 | unauthenticated",
            "/Api/reports/campaigns/c-1                      | 401 | unauthenticated",
            "/api/reports/../campaigns                       | 400 | ambiguous-path",
            "/feeds\\..\\api/campaigns                       | 400 | ambiguous-path",
            "/api%5ccampaigns                                | 400 | ambiguous-path",
            "/feeds%2f..%2fapi/campaigns                     | 400 | ambiguous-path",
            "/feeds/x%2F..%2F..%2Fapi%2Fcampaigns            | 400 | ambiguous-path",
            "/feeds/%252e%252e/api/campaigns                 | 400 | ambiguous-path",
            "/feeds/x%00                                     | 400 | ambiguous-path",
            "/feeds/x%3b/api                                 | 400 | ambiguous-path",
            "/webhooks/../api/campaigns                      | 400 | ambiguous-path",
            "/signage/%2e%2e/api/led/screens                 | 400 | ambiguous-path",
            "/api;x=1/manual/tasks                           | 400 | ambiguous-path",
            "/api/manual/tasks;x=1/dlv-1                     | 400 | ambiguous-path",
            "/%61pi/manual/tasks                             | 401 | unauthenticated",
            "/api/manual/../notifications                    | 400 | ambiguous-path",
            "/api/manual/%2e%2e/notifications                | 400 | ambiguous-path",
            "/api/manual//tasks                              | 400 | ambiguous-path",
            "/api/manual%2ftasks                             | 400 | ambiguous-path",
            "/API/manual/tasks                               | 401 | unauthenticated",
            "/%61pi/notifications                            | 401 | unauthenticated",
            "/feeds/..;/api/notifications                    | 400 | ambiguous-path",
            "/api/Notifications                              | 401 | unauthenticated"})
    void refusesEveryPathVariantWithProblemDetailsAndNeverForwardsIt(String target, int status, String code) {
        int before = UPSTREAM.received.size();
        TestGateway.RawResponse response = TestGateway.raw(port, "GET", target,
                Map.of("X-User-Id", "hoang.quoc.bao", "X-User-Roles", "admin"));
        assertThat(response.status()).isEqualTo(status);
        assertProblem(status, response.header("content-type"), response.body(), code);
        assertThat(UPSTREAM.received).hasSize(before);
    }

    /** With a valid token a decoded path routes like its plain form; a path in other letters is no route at all. */
    @Test
    void anEncodedLetterDecodesToTheRoutedPathAndOtherLettersAreNoRoute() {
        String token = Tokens.of(gateway, "tran.thi.lan");
        TestGateway.RawResponse encoded = TestGateway.raw(port, "GET", "/%61pi/campaigns/cmp-1",
                Map.of("Authorization", "Bearer " + token));
        assertThat(encoded.status()).isEqualTo(200);
        assertThat(JSON.readTree(encoded.body()).path("path").asString()).isIn("/%61pi/campaigns/cmp-1", "/api/campaigns/cmp-1");

        int before = UPSTREAM.received.size();
        TestGateway.RawResponse upper = TestGateway.raw(port, "GET", "/API/campaigns/cmp-1",
                Map.of("Authorization", "Bearer " + token));
        assertThat(upper.status()).isEqualTo(404);
        assertThat(UPSTREAM.received).hasSize(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/campaigns/cmp-1", "/api/reports/campaigns/c-1/counts", "/api/audit/gateway",
            "/actuator/env", "/actuator/info", "/fallback/campaigns", "/something-else", "/oauth2/authorize",
            "/api/led/screens", "/api/portal/endpoints", "/api/dead-letters/reporting-service/topics",
            "/api/manual/tasks", "/api/manual/reviews", "/api/notifications", "/api/notifications/agencies/so-y-te",
            "/api/dead-letters/manual-adapter/topics", "/api/dead-letters/email-adapter/topics",
            "/api/dead-letters/notification-service/topics", "/files/att-1/other", "/files"})
    void deniesEveryPathOutsideTheAllowListWithoutAUser(String path) {
        int before = UPSTREAM.received.size();
        ResponseEntity<String> response = get(path, null, "X-User-Id", "tran.thi.lan", "X-User-Roles", "admin");
        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertProblem(401, response.getHeaders().getContentType().toString(), response.getBody(), "unauthenticated");
        assertThat(response.getHeaders().getFirst("WWW-Authenticate")).startsWith("Bearer");
        assertThat(UPSTREAM.received).hasSize(before);
    }

    /** The allow-list: reachable without a user (each answers what it answers, never 401). */
    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "GET, /feeds/so-y-te/rss.xml, 200",
            "GET, /files/att-0b0e4c53-1c2d-4e5f-8a9b-0c1d2e3f4a5b, 200",
            "GET, /signage/screens/led-1/playlist, 200",
            "POST, /webhooks/facebook/events, 200",
            "POST, /webhooks/zalo/events, 200",
            "GET, /, 302",
            "GET, /console, 303",
            "GET, /console/login, 200",
            "GET, /console/static/console.css, 200",
            "GET, /console/static/console.js, 200",
            "GET, /webjars/htmx.org/dist/htmx.min.js, 200",
            "GET, /oauth2/jwks, 200",
            "GET, /.well-known/openid-configuration, 200",
            "GET, /actuator/health/liveness, 200",
            "GET, /actuator/health/readiness, 200",
            "GET, /actuator/prometheus, 200"})
    void servesTheAllowListWithoutAUser(String method, String path, int status) {
        ResponseEntity<String> response = gateway.method(org.springframework.http.HttpMethod.valueOf(method)).uri(path)
                .retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
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
    void refusesTheGatewaysOwnCallerTokenPresentedAsAUserToken() {
        int before = UPSTREAM.received.size();
        ResponseEntity<String> response = get("/api/campaigns/cmp-1",
                TestCallers.token("campaign-service", "hoang.quoc.bao", "so-noi-vu", "admin"));
        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertThat(JSON.readTree(response.getBody()).path("code").asString()).isEqualTo("invalid-token");
        assertThat(UPSTREAM.received).hasSize(before);
    }

    // ---- what the services receive --------------------------------------------------------------------------

    @Test
    void sendsTheServiceACallerTokenForItsAudienceInsteadOfTheUsersTokenAndNeverTheClientsHeaders() throws Exception {
        String token = Tokens.of(gateway, "tran.thi.lan");
        ResponseEntity<String> response = get("/api/campaigns/cmp-1", token, "X-User-Id", "nguyen.van.minh",
                "X-User-Roles", "admin,approver", "X-User-Agency", "so-y-te", "x-user-extra", "forged");
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        JsonNode echo = JSON.readTree(response.getBody());
        assertThat(echo.path("identity").isEmpty()).as("no X-User-* header reaches a service").isTrue();
        String authorization = echo.path("authorization").asString();
        assertThat(authorization).doesNotContain(token);

        Caller caller = TestGateway.callerFor("campaign-service", authorization);
        assertThat(caller.userId()).isEqualTo("tran.thi.lan");
        assertThat(caller.roles()).containsExactly("officer");
        assertThat(caller.agencyId()).isEqualTo("so-noi-vu");
        assertThat(caller.displayName()).as("the provider's name claim, for services to record who acted")
                .isEqualTo("Trần Thị Lan");
        assertThatThrownBy(() -> TestGateway.callerFor("reporting-service", authorization))
                .isInstanceOf(CallerTokenVerifier.InvalidCallerTokenException.class);
    }

    /** Each route's service gets a token for its own audience only. */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "/api/campaigns/cmp-1, campaign-service",
            "/api/agencies/so-y-te, campaign-service",
            "/api/plans/kh-tuyen-truyen-cchc-2025, campaign-service",
            "/api/templates, campaign-service",
            "/api/publications/cmp-1, notice-publishing-service",
            "/api/portal/endpoints, portal-adapter",
            "/api/facebook/pages, facebook-adapter",
            "/api/zalo/accounts, zalo-adapter",
            "/api/led/screens, led-adapter",
            "/api/reports/campaigns/cmp-1, reporting-service",
            "/api/manual/tasks, manual-adapter",
            "/api/manual/reviews, manual-adapter",
            "/api/manual/tasks/dlv-1/evidence/ev-1/file, manual-adapter",
            "/api/notifications, notification-service",
            "/api/notifications/agencies/so-y-te, notification-service"})
    void mintsTheCallerTokenForTheServiceBehindEachRoute(String path, String audience) throws Exception {
        ResponseEntity<String> response = get(path, Tokens.of(gateway, "hoang.quoc.bao"));
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        String authorization = JSON.readTree(response.getBody()).path("authorization").asString();
        assertThat(TestGateway.callerFor(audience, authorization).roles()).containsExactly("admin");
        String other = audience.equals("campaign-service") ? "reporting-service" : "campaign-service";
        assertThatThrownBy(() -> TestGateway.callerFor(other, authorization))
                .isInstanceOf(CallerTokenVerifier.InvalidCallerTokenException.class);
    }

    /** The dead-letter API of each service: its own route, its name taken out of the path, its own audience. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"campaign-service", "notice-publishing-service", "portal-adapter", "facebook-adapter",
            "zalo-adapter", "led-adapter", "reporting-service", "manual-adapter", "email-adapter", "notification-service"})
    void routesEachServicesDeadLetterApiToThatServiceWithItsNameTakenOutOfThePath(String service) throws Exception {
        String token = Tokens.of(gateway, "hoang.quoc.bao");

        ResponseEntity<String> list = get("/api/dead-letters/" + service + "/topics/campaign.events.DLT/records?status=all",
                token);
        ResponseEntity<String> replay = post("/api/dead-letters/" + service + "/topics/campaign.events.DLT/records/0-4/replay",
                token);

        assertThat(list.getStatusCode().value()).isEqualTo(200);
        JsonNode echo = JSON.readTree(list.getBody());
        assertThat(echo.path("path").asString()).isEqualTo("/api/dead-letters/topics/campaign.events.DLT/records");
        Caller caller = TestGateway.callerFor(service, echo.path("authorization").asString());
        assertThat(caller.userId()).isEqualTo("hoang.quoc.bao");
        assertThat(caller.roles()).containsExactly("admin");
        String other = service.equals("campaign-service") ? "reporting-service" : "campaign-service";
        assertThatThrownBy(() -> TestGateway.callerFor(other, echo.path("authorization").asString()))
                .isInstanceOf(CallerTokenVerifier.InvalidCallerTokenException.class);
        assertThat(JSON.readTree(replay.getBody()).path("path").asString())
                .isEqualTo("/api/dead-letters/topics/campaign.events.DLT/records/0-4/replay");
    }

    /** Dead letters are for admins: every other role is refused at the edge, and the service never hears of it. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tran.thi.lan", "nguyen.van.minh", "vo.thi.mai"})
    void onlyAdminsReachTheDeadLetterApi(String user) {
        String token = Tokens.of(gateway, user);
        int before = UPSTREAM.received.size();

        ResponseEntity<String> list = get("/api/dead-letters/reporting-service/topics", token);
        ResponseEntity<String> replay = post("/api/dead-letters/reporting-service/topics/campaign.events.DLT/records/0-4/replay",
                token);

        for (ResponseEntity<String> refused : java.util.List.of(list, replay)) {
            assertThat(refused.getStatusCode().value()).isEqualTo(403);
            assertProblem(403, refused.getHeaders().getContentType().toString(), refused.getBody(), "forbidden");
        }
        assertThat(UPSTREAM.received).hasSize(before);
    }

    /** A dead-letter call takes a reason or a list of record ids: 64 KB at most. */
    @Test
    void theDeadLetterRoutesTakeSmallBodiesOnly() {
        int before = UPSTREAM.received.size();
        TestGateway.RawResponse big = TestGateway.raw(null, port, "POST",
                "/api/dead-letters/reporting-service/topics/campaign.events.DLT/replay",
                Map.of("Authorization", "Bearer " + Tokens.of(gateway, "hoang.quoc.bao"), "Content-Type", "application/json"),
                "{\"ids\":[\"" + "0-1".repeat(25_000) + "\"]}");
        assertThat(big.status()).isEqualTo(413);
        assertProblem(413, big.header("content-type"), big.body(), "body-too-large");
        assertThat(UPSTREAM.received).hasSize(before);
    }

    /** The manual channel's routes: evidence (a file of 10 MB at most) passes, officers post it, a viewer may not. */
    @Test
    void theManualRouteTakesEvidenceFromOfficersOnlyAndBodiesUpTo11Mb() throws Exception {
        String path = "/api/manual/tasks/dlv-1/evidence";
        ResponseEntity<String> officer = post(path, Tokens.of(gateway, "le.thi.hoa"));
        assertThat(officer.getStatusCode().value()).isEqualTo(200);
        JsonNode echo = JSON.readTree(officer.getBody());
        assertThat(echo.path("path").asString()).isEqualTo(path);
        Caller caller = TestGateway.callerFor("manual-adapter", echo.path("authorization").asString());
        assertThat(caller.userId()).isEqualTo("le.thi.hoa");
        assertThat(caller.agencyId()).isEqualTo("so-y-te");

        // multipart is on for the console's own form; a route's multipart body still goes to the service unparsed, whole
        byte[] upload = ("--b1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n" + "x".repeat(300_000) + "\r\n--b1--\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String officerToken = Tokens.of(gateway, "le.thi.hoa");
        ResponseEntity<String> multipart = gateway.post().uri(path).headers(h -> h.setBearerAuth(officerToken))
                .contentType(MediaType.parseMediaType("multipart/form-data; boundary=b1")).body(upload).retrieve()
                .toEntity(String.class);
        assertThat(multipart.getStatusCode().value()).isEqualTo(200);
        assertThat(JSON.readTree(multipart.getBody()).path("bodyBytes").asInt()).isEqualTo(upload.length);

        int before = UPSTREAM.received.size();
        ResponseEntity<String> viewer = post(path, Tokens.of(gateway, "vo.thi.mai"));
        assertThat(viewer.getStatusCode().value()).isEqualTo(403);
        assertProblem(403, viewer.getHeaders().getContentType().toString(), viewer.getBody(), "forbidden");
        ResponseEntity<String> tooBig = gateway.post().uri(path).headers(h -> h.setBearerAuth(officerToken))
                .contentType(MediaType.MULTIPART_FORM_DATA).body(new byte[11 * 1024 * 1024 + 1]).retrieve()
                .toEntity(String.class);
        assertThat(tooBig.getStatusCode().value()).isEqualTo(413);
        assertProblem(413, tooBig.getHeaders().getContentType().toString(), tooBig.getBody(), "body-too-large");
        TestGateway.RawResponse notificationsBig = TestGateway.raw(null, port, "POST", "/api/notifications", Map.of(
                "Authorization", "Bearer " + Tokens.of(gateway, "le.thi.hoa"), "Content-Type", "application/json"),
                "{\"x\":\"" + "a".repeat(256 * 1024) + "\"}");
        assertThat(notificationsBig.status()).isEqualTo(413);
        assertThat(UPSTREAM.received).hasSize(before);
    }

    @Test
    void passesAFeedTokenOnUnchangedWithoutACallerTokenAndStillStripsIdentityHeadersAndSessions() {
        String session = Tokens.of(gateway, "hoang.quoc.bao");
        ResponseEntity<String> feed = get("/feeds/so-y-te/rss.xml", null, "Authorization", "Bearer feed-token-of-so-y-te",
                "X-User-Id", "hoang.quoc.bao", "X-User-Roles", "admin",
                "Cookie", "GOVCOMM_SESSION=" + session + "; portal_pref=compact");
        assertThat(feed.getStatusCode().value()).isEqualTo(200);
        JsonNode echo = JSON.readTree(feed.getBody());
        assertThat(echo.path("authorization").asString()).isEqualTo("Bearer feed-token-of-so-y-te");
        assertThat(echo.path("identity").isEmpty()).isTrue();
        assertThat(echo.path("cookie").asString()).isEqualTo("portal_pref=compact");

        JsonNode screen = JSON.readTree(get("/signage/screens/led-1/playlist", null).getBody());
        assertThat(screen.path("authorization").isNull()).isTrue();
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
    void onlyAdminsReadTheAuditTrailWhichRecordsWhoDidWhat() {
        post("/api/campaigns/cmp-9/approve", Tokens.of(gateway, "pham.van.duc"));

        assertThat(get("/api/audit/gateway", Tokens.of(gateway, "pham.van.duc")).getStatusCode().value()).isEqualTo(403);
        assertThat(get("/api/audit/gateway", null, "X-User-Roles", "admin").getStatusCode().value()).isEqualTo(401);

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
    void issuesTokensForTheApiAudienceOnlyForKnownClientsWithTheRightSecret() {
        ResponseEntity<String> wrong = gateway.post().uri("/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=client_credentials&client_id=tran.thi.lan&client_secret=nope").retrieve().toEntity(String.class);
        assertThat(wrong.getStatusCode().value()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.getBody()).path("error").asString()).isEqualTo("invalid_client");

        String token = Tokens.of(gateway, "tran.thi.lan");
        JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.path("aud").isArray() ? claims.path("aud").get(0).asString() : claims.path("aud").asString())
                .isEqualTo("govcomm-api");

        JsonNode discovery = JSON.readTree(get("/.well-known/openid-configuration", null).getBody());
        assertThat(discovery.path("token_endpoint").asString()).endsWith("/oauth2/token");
        assertThat(JSON.readTree(get("/oauth2/jwks", null).getBody()).path("keys").get(0).has("d")).isFalse();
    }

    @Test
    void exposesHealthAndPrometheusWithoutAToken(
            @Autowired HealthEndpointGroups groups, @Autowired HealthContributorRegistry contributors) {
        // The whole health is UP on the embedded test store: its check pings ("store") instead of Boot's "hello".
        ResponseEntity<String> health = get("/actuator/health", null);
        assertThat(health.getStatusCode().value()).isEqualTo(200);
        assertThat(JSON.readTree(health.getBody()).path("status").asString()).isEqualTo("UP");
        assertThat(contributors.getContributor("store")).isNotNull();
        assertThat(contributors.getContributor("mongo")).isNull();
        // Readiness leaves the store out: the audit trail is queued and never holds up a request.
        assertThat(groups.get("readiness").isMember("store")).isFalse();
        assertThat(groups.get("liveness").isMember("store")).isFalse();
        assertThat(get("/actuator/health/readiness", null).getBody()).contains("UP");
        assertThat(get("/actuator/prometheus", null).getBody()).contains("jvm_memory_used_bytes");
    }
}
