package vn.govcomm.gateway.console;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.govcomm.gateway.TestGateway;
import vn.govcomm.identity.Caller;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The addressee pages of the console (issue 17): an agency's users see what other departments asked of them, asked
 * of the publisher with their own caller token; what the service sends is shown escaped, and only http(s) links.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=gateway")
class AddressedConsoleTests {

    static final String CAMPAIGN = """
            {"campaignId":"cmp-1","code":"SNV-CCHC-2023","version":1,"title":"Khảo sát mức độ hài lòng năm 2023",
             "issuingAgencyId":"so-noi-vu","state":"EXPANDED","publishAt":"2026-12-05T01:00:00Z",
             "window":{"startsAt":"2026-12-05T00:00:00+07:00","endsAt":"2027-03-05T00:00:00+07:00"},
             "deadline":"2027-03-04T17:00:00Z","channels":["facebook","portal"],
             "deliveries":[{"deliveryId":"dlv-1","channel":"facebook","endpointId":"so-y-te.facebook","status":"FAILED",
                            "reasonCode":"FB_TOKEN_EXPIRED","reason":"Mã truy cập Trang đã hết hạn <b>reconnect</b>",
                            "permalink":"javascript:alert(1)"},
                           {"deliveryId":"dlv-2","channel":"portal","endpointId":"so-y-te.portal","status":"PUBLISHED",
                            "permalink":"https://soyte.khanhhoa.gov.vn/tin-tuc/khao-sat-2023"},
                           {"deliveryId":"dlv-3","channel":"manual","endpointId":"so-y-te.one-stop-board","status":"ACCEPTED"}],
             "settled":1,"total":2,
             "needsAttention":[{"deliveryId":"dlv-1","channel":"facebook","reasonCode":"FB_TOKEN_EXPIRED",
                                "reason":"Mã truy cập Trang đã hết hạn <b>reconnect</b>"}]%s}""";
    static final String CONTENT = """
            ,"notice":{"title":"Khảo sát","bodyHtml":"<p>x</p>"},
             "content":[{"channel":"portal","endpointId":"so-y-te.portal",
                         "content":{"title":"Khảo sát mức độ hài lòng năm 2023","text":"Đề nghị người dân <script>hỗ trợ</script>"}}]""";

    static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();
    static final HttpServer PUBLISHER = publisher();

    static HttpServer publisher() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/publications/addressed", exchange -> {
                try (exchange) {
                    AUTHORIZATIONS.add(exchange.getRequestHeaders().getFirst("Authorization"));
                    String path = exchange.getRequestURI().getPath();
                    String body;
                    int status = 200;
                    if (path.equals("/api/publications/addressed")) {
                        body = "{\"agencyId\":\"so-y-te\",\"items\":[" + CAMPAIGN.formatted("") + "]}";
                    } else if (path.equals("/api/publications/addressed/cmp-1")) {
                        body = CAMPAIGN.formatted(CONTENT);
                    } else {
                        status = 404;
                        body = "{\"status\":404,\"code\":\"not-found\",\"detail\":\"Không tìm thấy. / Not found.\"}";
                    }
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
                    exchange.sendResponseHeaders(status, bytes.length);
                    exchange.getResponseBody().write(bytes);
                }
            });
            server.createContext("/api/agencies", exchange -> {
                try (exchange) {
                    byte[] bytes = Directory.AGENCIES.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, bytes.length);
                    exchange.getResponseBody().write(bytes);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        TestGateway.localIssuer(registry);
        registry.add("PUBLISHING_SERVICE_URL", () -> "http://127.0.0.1:" + PUBLISHER.getAddress().getPort());
        registry.add("CAMPAIGN_SERVICE_URL", () -> "http://127.0.0.1:" + PUBLISHER.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        PUBLISHER.stop(0);
    }

    @Value("${local.server.port}")
    int port;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void anAgencyOfficerSeesWhatWasAskedOfTheirAgencyAskedWithTheirOwnCallerToken() throws Exception {
        String session = signIn("le.thi.hoa");   // officer of so-y-te
        HttpResponse<String> page = get("/console/addressed", session);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Việc được giao cho đơn vị").contains("Khảo sát mức độ hài lòng năm 2023")
                .contains("title=\"Sở Nội vụ tỉnh Khánh Hòa\">Sở Nội vụ</td>").contains("1/2 kênh đã xong")
                .contains("Lỗi").contains("Đã đăng").contains("id=\"nav-addressed\"")
                .contains("<td>04/03/2027</td>");   // the deadline, the end of that day in Vietnam
        assertThat(CampaignBoardConsoleTests.visibleText(page.body())).doesNotContain("so-noi-vu").doesNotContain("so-y-te")
                .doesNotContain("FAILED").doesNotContainPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d");
        // the service's words are escaped, and only http(s) links become links
        assertThat(page.body()).contains("&lt;b&gt;reconnect&lt;/b&gt;").doesNotContain("<b>reconnect</b>")
                .doesNotContain("javascript:alert").contains("href=\"https://soyte.khanhhoa.gov.vn/tin-tuc/khao-sat-2023\"");
        // a manual delivery links to its task (only that one); no mailbox link unless the property is set
        assertThat(page.body()).contains("href=\"/console/manual/tasks/dlv-3\"").doesNotContain("/console/manual/tasks/dlv-2")
                .contains("id=\"nav-manual\"").doesNotContain("id=\"nav-mailbox\"");
        Caller caller = TestGateway.callerFor("notice-publishing-service", AUTHORIZATIONS.getLast());
        assertThat(caller.userId()).isEqualTo("le.thi.hoa");
        assertThat(caller.agencyId()).isEqualTo("so-y-te");
    }

    @Test
    void oneCampaignShowsTheNoticeAsRenderedForEachOfTheAgencysChannelsEscaped() throws Exception {
        String session = signIn("le.thi.hoa");
        HttpResponse<String> page = get("/console/addressed/cmp-1", session);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Cần đơn vị xử lý").contains("Đề nghị người dân &lt;script&gt;")
                .contains("href=\"/console/manual/tasks/dlv-3\"")
                .doesNotContain("<script>hỗ trợ")
                .contains("Sở Nội vụ tỉnh Khánh Hòa").contains("05/12/2026 – 04/03/2027").contains("Fanpage Sở Y tế")
                .contains("Bảng tin Bộ phận Một cửa").contains("Cổng/Trang TTĐT Sở Y tế");
        assertThat(CampaignBoardConsoleTests.visibleText(page.body())).doesNotContain("so-noi-vu").doesNotContain("so-y-te")
                .doesNotContainPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d");
        HttpResponse<String> english = get("/console/addressed/cmp-1?lang=en", session);
        assertThat(english.body()).contains("Needs your attention").contains("What to publish on each channel");
    }

    @Test
    void aCampaignTheServiceDoesNotShowIsNotFound() throws Exception {
        HttpResponse<String> page = get("/console/addressed/cmp-other", signIn("le.thi.hoa"));
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("Không tìm thấy");
    }

    @Test
    void anonymousVisitorsAreSentToSignIn() throws Exception {
        HttpResponse<String> page = get("/console/addressed", null);
        assertThat(page.statusCode()).isEqualTo(303);
    }

    private String signIn(String user) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(self() + "/console/login"))
                .header("Origin", self()).header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=demo")).build(),
                HttpResponse.BodyHandlers.ofString());
        return login.headers().firstValue("Set-Cookie").map(c -> c.split(";")[0]).orElseThrow();
    }

    private HttpResponse<String> get(String path, String session) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(self() + path));
        if (session != null) {
            request.header("Cookie", session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String self() {
        return "http://127.0.0.1:" + port;
    }
}
