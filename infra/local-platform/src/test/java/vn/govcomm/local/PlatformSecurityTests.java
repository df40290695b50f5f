package vn.govcomm.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The zero-trust suite against the whole platform as the README starts it (one JVM, real broker, services on
 * 127.0.0.1, the gateway with the local demo issuer): what an attacker would try, each refused with the right
 * status and problem details, nothing created or changed. Unit and per-service matrices live in each module;
 * this proves the pieces hold together.
 */
class PlatformSecurityTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static LocalPlatform platform;
    static String gateway;
    static RestClient api;
    static String campaignId;
    static String lan, minh, hoa, duc, bao, mai;

    @BeforeAll
    static void start() {
        platform = LocalPlatform.start(LocalPlatform.Settings.forTests());
        gateway = platform.url(PlatformService.GATEWAY);
        api = RestClient.builder().baseUrl(gateway).defaultStatusHandler(HttpStatusCode::isError, (req, res) -> { })
                .build();
        lan = DemoUsers.bearer(gateway, "tran.thi.lan");       // officer, so-noi-vu
        minh = DemoUsers.bearer(gateway, "nguyen.van.minh");   // approver, so-noi-vu
        hoa = DemoUsers.bearer(gateway, "le.thi.hoa");         // officer, so-y-te
        duc = DemoUsers.bearer(gateway, "pham.van.duc");       // approver, so-y-te
        bao = DemoUsers.bearer(gateway, "hoang.quoc.bao");     // admin
        mai = DemoUsers.bearer(gateway, "vo.thi.mai");         // viewer, so-noi-vu (province-wide)
        LocalDate today = LocalDate.now();
        String request = """
                {"code": "SNV-SEC-SUITE", "issuingAgencyId": "so-noi-vu",
                 "notice": {"title": "Thông báo triển khai khảo sát mức độ hài lòng năm 2023",
                            "bodyHtml": "<p>Khảo sát mức độ hài lòng của người dân.</p>",
                            "ledText": "Khảo sát mức độ hài lòng năm 2023"},
                 "targets": [{"agencyId": "so-y-te", "channels": ["portal", "led"]},
                             {"agencyId": "cong-an-tinh", "channels": ["portal", "led"]}],
                 "window": {"startDate": "%s", "endDate": "%s"}}
                """.formatted(today, today.plusMonths(1));
        campaignId = JSON.readTree(api.post().uri("/api/campaigns").header("Authorization", lan)
                .contentType(MediaType.APPLICATION_JSON).body(request).retrieve().body(String.class)).path("id").asString();
        api.post().uri("/api/campaigns/{id}/submit", campaignId).header("Authorization", lan).retrieve().toBodilessEntity();
        api.post().uri("/api/campaigns/{id}/approve", campaignId).header("Authorization", minh)
                .contentType(MediaType.APPLICATION_JSON).body("{}").retrieve().toBodilessEntity();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(JSON.readTree(api.get().uri("/api/reports/campaigns/{id}/counts", campaignId)
                        .header("Authorization", lan).retrieve().body(String.class)).path("total").asInt()).isEqualTo(4));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    static int campaignCount() {
        return JSON.readTree(api.get().uri("/api/campaigns").header("Authorization", bao).retrieve().body(String.class)).size();
    }

    static void assertProblem(RawHttp.Answer answer, int... statuses) {
        assertThat(answer.status()).as(answer.body()).isIn(Arrays.box(statuses));
        assertThat(answer.contentType()).as(answer.body()).startsWith("application/problem+json");
    }

    // ---- 1. The gateway decides on the path routing uses: ambiguous spellings refused, encoded ones need a token.

    @ParameterizedTest
    @ValueSource(strings = {
            "/api;x=1/reports/campaigns/{id}/counts",
            "/api/reports;x=1/campaigns/{id}/counts",
            "/%61pi/reports/campaigns/{id}/counts",
            "/%61%70%69/publications/{id}",
            "/api/reports/campaigns/{id}/counts;jsessionid=1",
            "//api/reports/campaigns/{id}/counts",
            "/api//reports/campaigns/{id}/counts",
            "/feeds/../api/reports/campaigns/{id}/counts",
            "/feeds/%2e%2e/api/reports/campaigns/{id}/counts",
            "/feeds/..%2fapi/reports/campaigns/{id}/counts",
            "/feeds/..;/api/reports/campaigns/{id}/counts",
            "/signage/%2E%2E/api/led/screens",
            "/api/reports/campaigns/x/../{id}/counts",
            "/api%2freports/campaigns/{id}/counts",
            "/api/reports/campaigns/{id}%2fcounts",
            "/api%5creports/campaigns/{id}/counts",
            "/api/reports/campaigns/{id}/%252e%252e/counts",
            "/webhooks/..%5c..%5capi/reports/campaigns/{id}/counts",
            "/API/reports/campaigns/{id}/counts",
            "/api/led/screens",
            "/api/publications/{id}/deliveries"})
    void anonymousPathVariantsNeverReachAService(String template) throws IOException {
        RawHttp.Answer answer = RawHttp.get(gateway, template.replace("{id}", campaignId), Map.of());
        assertThat(answer.status()).as(template + " → " + answer.body()).isIn(400, 401, 404);
        assertThat(answer.body()).doesNotContain("\"total\"").doesNotContain("\"dispatched\"").doesNotContain("screenId");
        if (answer.status() != 404) {
            assertThat(answer.contentType()).as(template).startsWith("application/problem+json");
        }
    }

    // ---- 2. No service believes identity headers; each authenticates the caller token itself.

    static Stream<Arguments> protectedPaths() {
        return Stream.of(
                Arguments.of(PlatformService.CAMPAIGN, "/api/campaigns"),
                Arguments.of(PlatformService.CAMPAIGN, "/api/agencies"),
                Arguments.of(PlatformService.PUBLISHING, "/api/publications/{id}"),
                Arguments.of(PlatformService.PORTAL, "/api/portal/campaigns/{id}/not-fetched"),
                Arguments.of(PlatformService.FACEBOOK, "/api/facebook/pages"),
                Arguments.of(PlatformService.ZALO, "/api/zalo/oas"),
                Arguments.of(PlatformService.LED, "/api/led/screens"),
                Arguments.of(PlatformService.REPORTING, "/api/reports/campaigns/{id}/counts"));
    }

    @ParameterizedTest
    @MethodSource("protectedPaths")
    void forgedIdentityHeadersOnEveryServicePortAreRefused(PlatformService service, String path) throws IOException {
        RawHttp.Answer answer = RawHttp.get(platform.url(service), path.replace("{id}", campaignId),
                Map.of("X-User-Id", "eve", "X-User-Roles", "admin,officer,approver", "X-User-Agency", "so-noi-vu"));
        assertProblem(answer, 401);
    }

    @ParameterizedTest
    @MethodSource("protectedPaths")
    void aCallerTokenForAnotherServiceOrFromAnotherKeyIsRefused(PlatformService service, String path) throws IOException {
        PlatformService other = service == PlatformService.REPORTING ? PlatformService.CAMPAIGN : PlatformService.REPORTING;
        String raw = path.replace("{id}", campaignId);
        assertProblem(RawHttp.get(platform.url(service), raw,
                Map.of("Authorization", platform.callerBearer(other, "hoang.quoc.bao", "so-noi-vu", "admin"))), 401);
        assertProblem(RawHttp.get(platform.url(service), raw, Map.of("Authorization", LocalPlatform.callerBearer(
                vn.govcomm.identity.CallerKeys.generate(), service, "eve", "so-noi-vu", "admin"))), 401);
        // The user's own access token is for the gateway, not for a service.
        assertProblem(RawHttp.get(platform.url(service), raw, Map.of("Authorization", bao)), 401);
    }

    @Test
    void aForgedOfficerAndApproverCannotCreateApproveRecountOrReplaceCredentialsOnServicePorts() {
        int before = campaignCount();
        Map<String, String> forged = Map.of("X-User-Id", "eve", "X-User-Roles", "admin,officer,approver",
                "X-User-Agency", "so-noi-vu");
        RestClient campaigns = direct(PlatformService.CAMPAIGN);
        ResponseEntity<String> created = campaigns.post().uri("/api/campaigns").headers(h -> forged.forEach(h::set))
                .contentType(MediaType.APPLICATION_JSON).body("{\"code\":\"EVE\"}").retrieve().toEntity(String.class);
        assertThat(created.getStatusCode().value()).isEqualTo(401);
        assertThat(direct(PlatformService.REPORTING).post().uri("/api/reports/campaigns/{id}/recount", campaignId)
                .headers(h -> forged.forEach(h::set)).retrieve().toEntity(String.class).getStatusCode().value()).isEqualTo(401);
        assertThat(direct(PlatformService.LED).post().uri("/api/led/screens/{id}/credential", "screen-1")
                .headers(h -> forged.forEach(h::set)).retrieve().toEntity(String.class).getStatusCode().value()).isEqualTo(401);
        assertThat(direct(PlatformService.PORTAL).post().uri("/api/portal/portals/{id}/feed-token", "portal-so-y-te")
                .headers(h -> forged.forEach(h::set)).retrieve().toEntity(String.class).getStatusCode().value()).isEqualTo(401);
        assertThat(campaignCount()).isEqualTo(before);
    }

    static RestClient direct(PlatformService service) {
        return RestClient.builder().baseUrl(platform.url(service))
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> { }).build();
    }

    // ---- 3. Another agency sees nothing of a campaign, on every read and action; the issuing agency does.

    static final List<String> CAMPAIGN_READS = List.of("/api/campaigns/{id}", "/api/reports/campaigns/{id}",
            "/api/reports/campaigns/{id}/counts", "/api/reports/campaigns/{id}/agencies",
            "/api/reports/campaigns/{id}/compliance", "/api/reports/campaigns/{id}/export/deliveries.csv",
            "/api/reports/campaigns/{id}/export/compliance.csv", "/api/reports/campaigns/{id}/export/report.xlsx",
            "/api/reports/campaigns/{id}/export/print", "/api/publications/{id}", "/api/publications/{id}/deliveries");

    static Stream<Arguments> crossAgencyReads() {
        return CAMPAIGN_READS.stream().flatMap(path -> Stream.of(
                Arguments.of(path, "officer of the issuing agency", "lan", 200),
                Arguments.of(path, "approver of the issuing agency", "minh", 200),
                Arguments.of(path, "province-wide viewer", "mai", 200),
                Arguments.of(path, "admin", "bao", 200),
                Arguments.of(path, "officer of another agency", "hoa", 404),
                Arguments.of(path, "approver of another agency", "duc", 404)));
    }

    static String token(String who) {
        return switch (who) {
            case "lan" -> lan;
            case "minh" -> minh;
            case "hoa" -> hoa;
            case "duc" -> duc;
            case "bao" -> bao;
            case "mai" -> mai;
            default -> throw new IllegalArgumentException(who);
        };
    }

    @ParameterizedTest(name = "{0} as {1} → {3}")
    @MethodSource("crossAgencyReads")
    void campaignReadsAreScopedToTheIssuingAgency(String path, String role, String who, int expected) {
        ResponseEntity<String> answer = api.get().uri(path.replace("{id}", campaignId))
                .header("Authorization", token(who)).retrieve().toEntity(String.class);
        assertThat(answer.getStatusCode().value()).as(path + " " + role + ": " + answer.getBody()).isEqualTo(expected);
        if (expected == 404) {
            assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json");
        }
    }

    @Test
    void anotherAgencyGets404OnTheLiveStreamBeforeAnyStreamStarts() throws IOException {
        RawHttp.Answer answer = RawHttp.get(gateway, "/api/reports/campaigns/" + campaignId + "/stream",
                Map.of("Authorization", hoa, "Accept", "text/event-stream"));
        assertProblem(answer, 404);
    }

    @Test
    void onlyTheIssuingAgencysOfficersAndApproversMayResendAndOnlyAdminsRecount() {
        for (String who : List.of("hoa", "duc")) {
            assertThat(api.post().uri("/api/publications/{id}/resend-failed", campaignId).header("Authorization", token(who))
                    .retrieve().toEntity(String.class).getStatusCode().value()).as(who).isEqualTo(404);
        }
        for (String who : List.of("mai", "bao")) {
            assertThat(api.post().uri("/api/publications/{id}/resend-failed", campaignId).header("Authorization", token(who))
                    .retrieve().toEntity(String.class).getStatusCode().value()).as(who).isEqualTo(403);
        }
        assertThat(api.post().uri("/api/publications/{id}/resend-failed", campaignId).header("Authorization", lan)
                .retrieve().toEntity(String.class).getStatusCode().value()).isEqualTo(200);
        for (String who : List.of("lan", "minh", "mai")) {
            assertThat(api.post().uri("/api/reports/campaigns/{id}/recount", campaignId).header("Authorization", token(who))
                    .retrieve().toEntity(String.class).getStatusCode().value()).as(who).isEqualTo(403);
        }
        assertThat(api.post().uri("/api/reports/campaigns/{id}/recount", campaignId).header("Authorization", hoa)
                .retrieve().toEntity(String.class).getStatusCode().value()).isIn(403, 404);
    }

    // ---- 4. Tokens: tampered, foreign, a caller token presented at the edge.

    @Test
    void aTamperedUserTokenIsRefusedAtTheGateway() throws IOException {
        String[] parts = hoa.substring("Bearer ".length()).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("so-y-te", "so-noi-vu");
        String tampered = "Bearer " + parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes()) + "." + parts[2];
        assertProblem(RawHttp.get(gateway, "/api/reports/campaigns/" + campaignId + "/counts",
                Map.of("Authorization", tampered)), 401);
    }

    @Test
    void aCallerTokenIsNotAUserTokenAtTheGateway() throws IOException {
        assertProblem(RawHttp.get(gateway, "/api/reports/campaigns/" + campaignId + "/counts",
                Map.of("Authorization", platform.callerBearer(PlatformService.REPORTING, "eve", "so-noi-vu", "admin"))), 401);
    }

    // ---- 5. Body limits hold while the body streams (no Content-Length).

    @Test
    void aChunkedOversizeBodyIsRefusedAtTheGatewayAndCreatesNothing() throws IOException {
        int before = campaignCount();
        RawHttp.Answer answer = RawHttp.postChunked(gateway, "/api/campaigns", Map.of("Authorization", lan),
                14 * 1024 * 1024);
        assertThat(answer.status()).as(answer.body()).isEqualTo(413);
        assertThat(campaignCount()).isEqualTo(before);
    }

    @Test
    void aChunkedOversizeBodyIsRefusedByTheServiceItself() throws IOException {
        // Straight to the campaign service's port with a valid caller token: the service counts the body itself.
        int before = campaignCount();
        RawHttp.Answer answer = RawHttp.postChunked(platform.url(PlatformService.CAMPAIGN), "/api/campaigns",
                Map.of("Authorization", platform.callerBearer(PlatformService.CAMPAIGN, "tran.thi.lan", "so-noi-vu",
                        "officer")), 13 * 1024 * 1024);
        assertProblem(answer, 413);
        assertThat(campaignCount()).isEqualTo(before);
    }

    // ---- 6. User-configured URLs cannot point inside the platform's network (SSRF).

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data", "https://169.254.169.254/", "https://10.0.0.5/",
            "https://127.0.0.1:8081/", "https://localhost:8087/", "https://[::1]/", "https://192.168.1.10/",
            "ftp://portal.example.vn/"})
    void aWordPressSiteInsideThePlatformNetworkIsRefusedAndNotStored(String baseUrl) {
        String body = """
                {"baseUrl": "%s", "username": "editor", "applicationPassword": "abcd efgh ijkl mnop"}""".formatted(baseUrl);
        ResponseEntity<String> answer = api.put().uri("/api/portal/portals/{id}/wordpress", "portal-ssrf-probe")
                .header("Authorization", bao).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
                .toEntity(String.class);
        assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(400);
        assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(api.get().uri("/api/portal/portals/{id}/wordpress", "portal-ssrf-probe").header("Authorization", bao)
                .retrieve().toEntity(String.class).getStatusCode().value()).isEqualTo(404);
    }

    // ---- 7. Services listen on the loopback address only: the gateway is the way in.

    @ParameterizedTest
    @EnumSource(value = PlatformService.class, names = "GATEWAY", mode = EnumSource.Mode.EXCLUDE)
    void servicesAreNotReachableOnOtherInterfaces(PlatformService service) {
        Optional<InetAddress> external = externalAddress();
        assumeThat(external).as("this machine has a non-loopback IPv4 address").isPresent();
        int port = URI.create(platform.url(service)).getPort();
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(external.get(), port), 2_000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    static Optional<InetAddress> externalAddress() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .filter(i -> { try { return i.isUp() && !i.isLoopback(); } catch (IOException e) { return false; } })
                    .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The demo data of the suite is what the first test expects. */
    @Test
    void theSuitesCampaignIsVisibleToItsOfficer() {
        JsonNode campaign = JSON.readTree(api.get().uri("/api/campaigns/{id}", campaignId).header("Authorization", lan)
                .retrieve().body(String.class));
        assertThat(campaign.path("issuingAgencyId").asString()).isEqualTo("so-noi-vu");
    }

    private static final class Arrays {
        static Integer[] box(int[] values) {
            return java.util.Arrays.stream(values).boxed().toArray(Integer[]::new);
        }
    }
}
