package vn.govcomm.gateway.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.govcomm.gateway.TestGateway;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import vn.govcomm.identity.Caller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Function;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channel-health page against canned adapters that check the caller token as the real ones do (Pages, OAs,
 * screens and portal not-fetched: admins everything, a user with a platform role their own agency's, the agency of a
 * Page or OA being the directory's; no platform role: 403): Sở Y tế's
 * Page token expired and its OA's refresh token is invalid, one of its screens was never seen, a screen of Nha Trang
 * is offline, Sở Nội vụ's Page was never connected, a disconnected Page belongs to no agency of the directory, and
 * portals of c-1 have not fetched. An adapter in {@link #DOWN} drops the connection without an answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=gateway")
class HealthConsoleTests {

    static final String DIRECTORY = """
            [{"agencyId":"so-noi-vu","name":"Sở Nội vụ tỉnh Khánh Hòa","shortName":"Sở Nội vụ",
              "endpoints":[{"endpointId":"so-noi-vu.facebook","channel":"facebook","displayName":"Fanpage Sở Nội vụ","externalId":"page-snv"}]},
             {"agencyId":"so-y-te","name":"Sở Y tế tỉnh Khánh Hòa","shortName":"Sở Y tế",
              "endpoints":[{"endpointId":"so-y-te.facebook","channel":"facebook","displayName":"Fanpage Sở Y tế","externalId":"104857291038475"},
                           {"endpointId":"so-y-te.zalo","channel":"zalo","displayName":"Zalo OA Sở Y tế","externalId":"oa-syt"},
                           {"endpointId":"so-y-te.portal","channel":"portal","displayName":"Cổng TTĐT Sở Y tế","externalId":"portal-so-y-te"}]},
             {"agencyId":"ubnd-nha-trang","name":"Ủy ban nhân dân thành phố Nha Trang","shortName":"UBND TP Nha Trang"}]""";
    static final String PAGES = """
            [{"pageId":"104857291038475","name":"Fanpage Sở Y tế","status":"NEEDS_ATTENTION","tokenStored":true,
              "attentionReason":"token_expired","attentionCode":"190","attentionSince":"2026-12-05T01:00:00Z"},
             {"pageId":"page-ok","name":"Trang ổn","status":"CONNECTED","tokenStored":true},
             {"pageId":"page-orphan","name":"Trang lạ","status":"DISCONNECTED","tokenStored":false,"updatedAt":"2026-12-01T03:00:00Z"}]""";
    static final String OAS = """
            [{"id":"oa-syt","appId":"app","hasRefreshToken":true,"attentionReason":"refresh_token_invalid",
              "updatedAt":"2026-12-04T17:30:00Z"},
             {"id":"oa-ok","appId":"app","hasRefreshToken":true,"attentionReason":null}]""";
    static final String SCREENS = """
            [{"screenId":"scr-1","agencyId":"ubnd-nha-trang","displayName":"Màn hình chợ Đầm","status":"OFFLINE",
              "lastHeartbeatAt":"2026-12-05T01:55:00Z","offlineSince":"2026-12-05T02:00:00Z"},
             {"screenId":"scr-2","agencyId":"so-y-te","displayName":"Màn hình Một cửa","status":"UNKNOWN",
              "lastHeartbeatAt":null,"offlineSince":null},
             {"screenId":"scr-3","agencyId":"so-y-te","displayName":"Màn hình sảnh","status":"ONLINE",
              "lastHeartbeatAt":"2026-12-05T02:00:00Z","offlineSince":null}]""";
    static final List<String[]> NOT_FETCHED = List.of(
            new String[]{"portal-so-y-te", "so-y-te", "2026-12-05T01:30:00Z"},
            new String[]{"portal-snv", "so-noi-vu", "2026-12-05T01:30:00Z"});
    static final String REPORT = """
            {"campaignId":"c-1","total":1,"byStatus":{"FAILED":1},"byChannel":{"facebook":{"FAILED":1}},
             "deliveries":[{"deliveryId":"d-so-y-te-facebook","agencyId":"so-y-te","channel":"facebook","endpointId":"so-y-te.facebook",
                            "status":"FAILED","attempt":1,"statusAt":"2026-12-05T01:00:00Z","reasonCode":"FB_TOKEN_EXPIRED",
                            "reason":"Mã truy cập Fanpage đã hết hạn."}],"nextCursor":null}""";
    static final String FORBIDDEN = "{\"status\":403,\"code\":\"forbidden\",\"detail\":\"Không có quyền.\"}";

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    static final Set<String> DOWN = new CopyOnWriteArraySet<>();
    static final HttpServer SERVICES = services();

    static HttpServer services() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                if (!path.equals("/api/agencies")) {
                    RECEIVED.add(path + " " + auth);
                }
                String channel = path.startsWith("/api/facebook/") ? "facebook" : path.startsWith("/api/zalo/") ? "zalo"
                        : path.startsWith("/api/led/") ? "led" : path.startsWith("/api/portal/") ? "portal" : "";
                if (DOWN.contains(channel)) {
                    exchange.close();   // the connection drops: no answer at all
                    return;
                }
                try (exchange) {
                    switch (path) {
                        case "/api/agencies" -> answer(exchange, 200, DIRECTORY);
                        case "/api/facebook/pages" -> ownAgencys(exchange, "facebook-adapter", auth, PAGES,
                                page -> directoryAgencyOf("facebook", page.path("pageId").asString()));
                        case "/api/zalo/oas" -> ownAgencys(exchange, "zalo-adapter", auth, OAS,
                                oa -> directoryAgencyOf("zalo", oa.path("id").asString()));
                        case "/api/led/screens" -> ownAgencys(exchange, "led-adapter", auth, SCREENS,
                                screen -> screen.path("agencyId").asString(null));
                        case "/api/portal/campaigns/c-1/not-fetched" -> notFetched(exchange, auth);
                        case "/api/reports/campaigns/c-1" -> answer(exchange, 200, REPORT);
                        default -> answer(exchange, 404, "{\"status\":404,\"code\":\"not-found\",\"detail\":\"Không có.\"}");
                    }
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * As the adapters' lists answer: admins every item, a user with a platform role the items of their own agency
     * (LED: the screen's agencyId; Facebook, Zalo: the agency whose directory endpoint is the Page or OA), else 403.
     */
    static void ownAgencys(HttpExchange exchange, String audience, String auth, String all,
                           Function<JsonNode, String> agencyOf) throws IOException {
        Caller caller = caller(audience, auth);
        if (caller.roles().isEmpty()) {
            answer(exchange, 403, FORBIDDEN);
            return;
        }
        ArrayNode mine = JSON.createArrayNode();
        JSON.readTree(all).forEach(item -> {
            if (caller.isAdmin() || caller.belongsTo(agencyOf.apply(item))) {
                mine.add(item);
            }
        });
        answer(exchange, 200, mine.toString());
    }

    /** The agency whose endpoint of {@code channel} has {@code externalId} in {@link #DIRECTORY}, or null. */
    static String directoryAgencyOf(String channel, String externalId) {
        for (JsonNode agency : JSON.readTree(DIRECTORY)) {
            for (JsonNode endpoint : agency.path("endpoints")) {
                if (channel.equals(endpoint.path("channel").asString()) && externalId.equals(endpoint.path("externalId").asString())) {
                    return agency.path("agencyId").asString();
                }
            }
        }
        return null;
    }

    static void notFetched(HttpExchange exchange, String auth) throws IOException {
        Caller caller = caller("portal-adapter", auth);
        List<String> items = NOT_FETCHED.stream().filter(i -> caller.roles().contains(Caller.ADMIN) || i[1].equals(caller.agencyId()))
                .map(i -> "{\"portalId\":\"" + i[0] + "\",\"agencyId\":\"" + i[1] + "\",\"deliveryId\":\"d-" + i[1]
                        + "\",\"noticeVersion\":1,\"attempt\":1,\"availableSince\":\"" + i[2] + "\"}").toList();
        answer(exchange, 200, "{\"campaignId\":\"c-1\",\"items\":3,\"fetched\":1,\"notFetched\":[" + String.join(",", items) + "]}");
    }

    static Caller caller(String audience, String auth) {
        try {
            return TestGateway.callerFor(audience, auth);
        } catch (Exception e) {
            throw new IllegalStateException("a token not for " + audience, e);
        }
    }

    static void answer(HttpExchange exchange, int status, String body) throws IOException {
        CampaignBoardConsoleTests.answer(exchange, status, body);
    }

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        TestGateway.localIssuer(registry);
        String url = "http://127.0.0.1:" + SERVICES.getAddress().getPort();
        for (String service : List.of("CAMPAIGN_SERVICE_URL", "PUBLISHING_SERVICE_URL", "REPORTING_SERVICE_URL",
                "PORTAL_ADAPTER_URL", "FACEBOOK_ADAPTER_URL", "ZALO_ADAPTER_URL", "LED_ADAPTER_URL")) {
            registry.add(service, () -> url);
        }
    }

    @AfterAll
    static void stop() {
        SERVICES.stop(0);
    }

    @Value("${local.server.port}")
    int port;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void anAnonymousBrowserIsSentToSignInAndNoAdapterIsAsked() throws Exception {
        int before = RECEIVED.size();

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri("/console/health")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/console/login");
        assertThat(RECEIVED.subList(before, RECEIVED.size())).isEmpty();
    }

    @Test
    void anAdminSeesEveryAgencysProblemsWhyAndTheFixInWordsWithTheirOwnToken() throws Exception {
        String session = signIn("hoang.quoc.bao");
        int before = RECEIVED.size();

        HttpResponse<String> answer = get("/console/health", session);
        String page = answer.body();

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(issues(page, "so-y-te")).containsExactly(
                "Trang Facebook “Fanpage Sở Y tế” của Sở Y tế: mã truy cập hết hạn — kết nối lại Trang (quản trị viên nhập mã truy cập mới) (từ 05/12/2026 08:00)",
                "Zalo OA “Zalo OA Sở Y tế” của Sở Y tế: mã làm mới của OA đã hết hiệu lực — kết nối lại OA (từ 05/12/2026 00:30)",
                "Màn hình LED “Màn hình Một cửa” của Sở Y tế: màn hình chưa từng kết nối — cấp khóa thiết bị cho màn hình (cấp lại nếu đã mất) và kiểm tra mạng");
        assertThat(issues(page, "so-noi-vu")).containsExactly(
                "Trang Facebook “Fanpage Sở Nội vụ” của Sở Nội vụ: chưa từng được kết nối với hệ thống — quản trị viên kết nối Trang");
        assertThat(issues(page, "ubnd-nha-trang")).containsExactly(
                "Màn hình LED “Màn hình chợ Đầm” của UBND TP Nha Trang: màn hình mất kết nối — kiểm tra nguồn điện và mạng của màn hình (từ 05/12/2026 09:00)");
        assertThat(issues(page, "unknown")).containsExactly(
                "Trang Facebook “Trang lạ” của cơ quan chưa rõ: đã ngắt kết nối — kết nối lại Trang (từ 01/12/2026 10:00)");
        assertThat(page).doesNotContain("Trang ổn").doesNotContain("oa-ok").doesNotContain("Màn hình sảnh")
                .contains("id=\"part-portal\" data-state=\"NOT_ASKED\"");
        assertThat(CampaignBoardConsoleTests.visibleText(page)).doesNotContain("token_expired")
                .doesNotContainPattern("\\d{4}-\\d\\d-\\d\\dT");
        String asked = RECEIVED.subList(before, RECEIVED.size()).stream().filter(r -> r.startsWith("/api/facebook/pages "))
                .findFirst().orElseThrow();
        assertThat(caller("facebook-adapter", asked.substring(asked.indexOf(' ') + 1)).userId()).isEqualTo("hoang.quoc.bao");

        // from a campaign's board: its portals that have not fetched, and only the agency asked for
        String one = get("/console/health?agency=so-y-te&channel=portal&campaign=c-1", session).body();
        assertThat(one).contains("id=\"agency-so-y-te\"").doesNotContain("id=\"agency-so-noi-vu\"")
                .contains("id=\"part-portal\" data-state=\"READ\"").contains("id=\"back-to-board\"");
        assertThat(issues(one, "so-y-te")).contains(
                "Cổng thông tin điện tử “Cổng TTĐT Sở Y tế” của Sở Y tế: cổng chưa lấy bản tin của chiến dịch — kiểm tra cổng có đọc nguồn tin (feed) bằng khóa đúng (từ 05/12/2026 08:30)");
    }

    @Test
    void anAgencysUserSeesTheirOwnAgencyOnlyAndWhatOnlyAdminsMaySee() throws Exception {
        String session = signIn("le.thi.hoa");   // officer of so-y-te
        int before = RECEIVED.size();

        HttpResponse<String> answer = get("/console/health?campaign=c-1", session);
        String page = answer.body();

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(page).contains("Những kênh của Sở Y tế tỉnh Khánh Hòa cần xử lý")
                .contains("id=\"part-facebook\" data-state=\"READ\"").contains("id=\"part-zalo\" data-state=\"READ\"")
                .contains("id=\"part-led\" data-state=\"READ\"").doesNotContain("chỉ quản trị viên xem được")
                .contains("id=\"part-portal\" data-state=\"READ\"")
                .doesNotContain("id=\"agency-so-noi-vu\"").doesNotContain("portal-snv")
                .doesNotContain("id=\"agency-ubnd-nha-trang\"").doesNotContain("Màn hình chợ Đầm")
                .doesNotContain("Màn hình sảnh").doesNotContain("id=\"agency-unknown\"").doesNotContain("Trang lạ");
        assertThat(issues(page, "so-y-te")).containsExactly(
                "Trang Facebook “Fanpage Sở Y tế” của Sở Y tế: mã truy cập hết hạn — kết nối lại Trang (quản trị viên nhập mã truy cập mới) (từ 05/12/2026 08:00)",
                "Zalo OA “Zalo OA Sở Y tế” của Sở Y tế: mã làm mới của OA đã hết hiệu lực — kết nối lại OA (từ 05/12/2026 00:30)",
                "Màn hình LED “Màn hình Một cửa” của Sở Y tế: màn hình chưa từng kết nối — cấp khóa thiết bị cho màn hình (cấp lại nếu đã mất) và kiểm tra mạng",
                "Cổng thông tin điện tử “Cổng TTĐT Sở Y tế” của Sở Y tế: cổng chưa lấy bản tin của chiến dịch — kiểm tra cổng có đọc nguồn tin (feed) bằng khóa đúng (từ 05/12/2026 08:30)");
        // each list was asked for with the officer's own token: the adapters scoped their answers to their agency
        for (String[] list : new String[][]{{"/api/facebook/pages ", "facebook-adapter"}, {"/api/zalo/oas ", "zalo-adapter"},
                {"/api/led/screens ", "led-adapter"}}) {
            String asked = RECEIVED.subList(before, RECEIVED.size()).stream().filter(r -> r.startsWith(list[0]))
                    .findFirst().orElseThrow();
            Caller officer = caller(list[1], asked.substring(asked.indexOf(' ') + 1));
            assertThat(officer.userId()).isEqualTo("le.thi.hoa");
            assertThat(officer.isAdmin()).isFalse();
        }
    }

    @Test
    void anotherAgencysOfficerSeesTheirOwnPageNeverConnectedAndNothingOfSoYTe() throws Exception {
        String session = signIn("tran.thi.lan");   // officer of so-noi-vu: its Page was never connected

        String page = get("/console/health", session).body();

        assertThat(page).contains("id=\"part-led\" data-state=\"READ\"").contains("id=\"part-facebook\" data-state=\"READ\"")
                .contains("id=\"part-zalo\" data-state=\"READ\"")
                .doesNotContain("Màn hình Một cửa").doesNotContain("Màn hình chợ Đầm").doesNotContain("Fanpage Sở Y tế")
                .doesNotContain("Zalo OA Sở Y tế").doesNotContain("id=\"agency-so-y-te\"").doesNotContain("id=\"agency-unknown\"");
        assertThat(issues(page, "so-noi-vu")).containsExactly(
                "Trang Facebook “Fanpage Sở Nội vụ” của Sở Nội vụ: chưa từng được kết nối với hệ thống — quản trị viên kết nối Trang");
    }

    @Test
    void anotherAgencyIsAnsweredLikeOneThatDoesNotExistAndNothingIsAsked() throws Exception {
        String session = signIn("le.thi.hoa");
        int before = RECEIVED.size();

        HttpResponse<String> other = get("/console/health?agency=so-noi-vu", session);
        HttpResponse<String> nonsense = get("/console/health?agency=%3Cscript%3E", signIn("hoang.quoc.bao"));

        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).contains("Không tìm thấy cơ quan này.");
        assertThat(nonsense.statusCode()).isEqualTo(404);
        assertThat(RECEIVED.subList(before, RECEIVED.size())).isEmpty();
    }

    @Test
    void anAdapterThatDoesNotAnswerIsSaidInItsPartAndTheOthersStillShow() throws Exception {
        String session = signIn("hoang.quoc.bao");
        DOWN.add("zalo");
        try {
            HttpResponse<String> answer = get("/console/health", session);

            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("id=\"part-zalo\" data-state=\"UNAVAILABLE\"")
                    .contains("không lấy được dữ liệu").doesNotContain("Zalo OA Sở Y tế")
                    .contains("mã truy cập hết hạn").contains("màn hình mất kết nối");
        } finally {
            DOWN.remove("zalo");
        }
    }

    @Test
    void theBoardLinksAFailedDeliveryToItsAgencysChannelHealth() throws Exception {
        String session = signIn("le.thi.hoa");

        String board = get("/console/campaigns/c-1/board", session).body();

        assertThat(board).contains("class=\"health-link\"")
                .contains("href=\"/console/health?agency=so-y-te&amp;channel=facebook&amp;campaign=c-1#agency-so-y-te\"")
                .contains("Xem tình trạng kênh");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** The issues of an agency's section as a reader reads them, one line each. */
    static List<String> issues(String page, String agency) {
        int start = page.indexOf("id=\"agency-" + agency + "\"");
        assertThat(start).as("section of " + agency).isNotNegative();
        String section = page.substring(start, page.indexOf("</section>", start));
        return Pattern.compile("(?s)<li class=\"health-issue[^>]*>(.*?)</li>").matcher(section).results()
                .map(m -> m.group(1).replaceAll("(?s)<span aria-hidden=\"true\" class=\"icon\">.*?</span>", "")
                        .replaceAll("<[^>]*>", " ").replace("Cần xử lý", "").replaceAll("\\s+", " ").strip())
                .toList();
    }

    private String signIn(String user) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(uri("/console/login")).header("Origin", self())
                        .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                        .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=demo")).build(),
                HttpResponse.BodyHandlers.ofString());
        return login.headers().firstValue("Set-Cookie").map(c -> c.split(";")[0]).orElseThrow();
    }

    private HttpResponse<String> get(String path, String session) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Cookie", session).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(self() + path);
    }

    private String self() {
        return "http://127.0.0.1:" + port;
    }

}
