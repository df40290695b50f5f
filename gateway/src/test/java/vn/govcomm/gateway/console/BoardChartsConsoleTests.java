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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The board's charts against a canned reporting service: {@code c-1}'s timeline is a known dataset (hours in Vietnam,
 * two channels, two agency groups and one agency without a group), {@code c-hidden} answers 404 (another agency's, or
 * not in the reports yet), {@code c-down} 503. Anonymous users are sent to sign in; the user's caller token goes to
 * the reporting service, which decides who may see the figures.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=gateway")
class BoardChartsConsoleTests {

    static final String TIMELINE = """
            {"campaignId":"c-1","unit":"hour","zone":"Asia/Ho_Chi_Minh",
             "series":[{"bucket":"2026-12-05T08:00","channel":"facebook","status":"PUBLISHED","count":2},
                       {"bucket":"2026-12-05T08:00","channel":"portal","status":"PUBLISHED","count":1},
                       {"bucket":"2026-12-05T10:00","channel":"facebook","status":"FAILED","count":1},
                       {"bucket":"2026-12-05T10:00","channel":"portal","status":"FETCHED","count":3}],
             "groups":[{"group":"","status":"FAILED","count":1},
                       {"group":"co-quan-chuyen-mon","status":"PUBLISHED","count":3},
                       {"group":"ubnd-cap-huyen","status":"FETCHED","count":3}]}""";
    static final String NOT_FOUND = "{\"status\":404,\"code\":\"campaign-not-found\",\"detail\":\"Chưa có báo cáo.\"}";
    static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    static final HttpServer SERVICES = services();

    static HttpServer services() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/", exchange -> {
                try (exchange) {
                    String path = exchange.getRequestURI().getPath();
                    RECEIVED.add(path + " " + exchange.getRequestHeaders().getFirst("Authorization"));
                    switch (path) {
                        case "/api/agencies" -> CampaignBoardConsoleTests.answer(exchange, 200, CampaignBoardConsoleTests.DIRECTORY);
                        case "/api/campaigns/c-1" -> CampaignBoardConsoleTests.answer(exchange, 200, CampaignBoardConsoleTests.CAMPAIGN);
                        case "/api/reports/campaigns/c-1/timeline" -> CampaignBoardConsoleTests.answer(exchange, 200, TIMELINE);
                        case "/api/reports/campaigns/c-empty/timeline" -> CampaignBoardConsoleTests.answer(exchange, 200,
                                "{\"campaignId\":\"c-empty\",\"unit\":\"day\",\"series\":[],\"groups\":[]}");
                        case "/api/reports/campaigns/c-down/timeline" -> CampaignBoardConsoleTests.answer(exchange, 503,
                                "{\"status\":503,\"detail\":\"down\"}");
                        default -> CampaignBoardConsoleTests.answer(exchange, 404, NOT_FOUND);
                    }
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
        String url = "http://127.0.0.1:" + SERVICES.getAddress().getPort();
        registry.add("CAMPAIGN_SERVICE_URL", () -> url);
        registry.add("PUBLISHING_SERVICE_URL", () -> url);
        registry.add("REPORTING_SERVICE_URL", () -> url);
    }

    @AfterAll
    static void stop() {
        SERVICES.stop(0);
    }

    @Value("${local.server.port}")
    int port;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void anAnonymousBrowserIsSentToSignInAndNothingIsAsked() throws Exception {
        int before = RECEIVED.size();

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri("/console/campaigns/c-1/charts")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> htmx = http.send(HttpRequest.newBuilder(uri("/console/campaigns/c-1/charts"))
                .header("HX-Request", "true").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/console/login");
        assertThat(htmx.statusCode()).isEqualTo(401);
        assertThat(htmx.headers().firstValue("HX-Redirect")).hasValue("/console/login");
        assertThat(RECEIVED.subList(before, RECEIVED.size())).noneMatch(r -> r.contains("/timeline"));
    }

    @Test
    void drawsTheKnownTimelineAsSvgWithWordsTitlesAndTablesAndRelaysTheUsersToken() throws Exception {
        String session = signIn("tran.thi.lan");
        int before = RECEIVED.size();

        HttpResponse<String> answer = get("/console/campaigns/c-1/charts", session);
        String charts = answer.body();

        assertThat(answer.statusCode()).isEqualTo(200);
        String asked = RECEIVED.subList(before, RECEIVED.size()).stream()
                .filter(r -> r.startsWith("/api/reports/campaigns/c-1/timeline ")).findFirst().orElseThrow();
        Caller caller = TestGateway.callerFor("reporting-service", asked.substring(asked.indexOf(' ') + 1));
        assertThat(caller.userId()).isEqualTo("tran.thi.lan");
        // over time: three hours (09:00 filled in, nothing happened then), stacked by status in the statuses' order
        String time = svg(charts, "chart-time");
        assertThat(time).contains("role=\"img\"").contains("aria-labelledby=\"chart-time-t chart-time-d\"")
                .contains("<desc id=\"chart-time-d\">Tổng 7 lượt đăng từ 05/12 08:00 đến 05/12 10:00: Đã đăng 3, Cổng đã lấy 3, Lỗi 1.</desc>")
                .contains(">05/12 08:00<").contains(">05/12 09:00<").contains(">05/12 10:00<");
        assertThat(Pattern.compile("data-status=\"([A-Z]+)\"").matcher(time).results().map(m -> m.group(1)).toList())
                .containsExactly("PUBLISHED", "FETCHED", "FAILED");
        assertThat(time).contains("<title>✓ Đã đăng: 3</title>").contains("<title>✓ Cổng đã lấy: 3</title>")
                .contains("<title>✗ Lỗi: 1</title>");
        // the y axis reaches the last hour's cumulative total
        assertThat(time).contains(">7</text>").contains(">0</text>");
        // per channel and per group, bars with their totals; a group-less agency in words
        String channels = svg(charts, "chart-channels");
        assertThat(channels).contains(">Trang Facebook<").contains(">Cổng thông tin điện tử<")
                .contains("<title>Trang Facebook — ✓ Đã đăng: 2</title>").contains("<title>Trang Facebook — ✗ Lỗi: 1</title>")
                .contains(">3</text>").contains(">4</text>");
        String groups = svg(charts, "chart-groups");
        assertThat(groups).contains(">Chưa xếp nhóm<").contains(">Cơ quan chuyên môn<").contains(">UBND cấp huyện<");
        // the same figures as tables, and a legend that never relies on colour alone
        assertThat(row(charts, "chart-time-table", "05/12 08:00")).containsExactly("3", "0", "0", "3");
        assertThat(row(charts, "chart-time-table", "05/12 09:00")).containsExactly("0", "0", "0", "3");
        assertThat(row(charts, "chart-time-table", "05/12 10:00")).containsExactly("0", "3", "1", "7");
        assertThat(row(charts, "chart-channels-table", "Trang Facebook")).containsExactly("2", "0", "1", "3");
        assertThat(row(charts, "chart-groups-table", "UBND cấp huyện")).containsExactly("0", "3", "0", "3");
        assertThat(charts).contains("id=\"chart-legend\"").contains("fill=\"#cf222e\"")
                .contains("aria-hidden=\"true\">✗</span> <span>Lỗi</span>: <b>1</b>");
        assertThat(CampaignBoardConsoleTests.visibleText(charts)).doesNotContain("PUBLISHED").doesNotContain("FAILED")
                .doesNotContain("co-quan-chuyen-mon").doesNotContainPattern("\\d{4}-\\d\\d-\\d\\dT");
    }

    @Test
    void aCampaignTheReportsRefuseOrDoNotKnowSaysNotYetAndADownServiceSaysSoNever500() throws Exception {
        String session = signIn("le.thi.hoa");

        HttpResponse<String> hidden = get("/console/campaigns/c-hidden/charts", session);
        HttpResponse<String> empty = get("/console/campaigns/c-empty/charts", session);
        HttpResponse<String> down = get("/console/campaigns/c-down/charts", session);

        assertThat(hidden.statusCode()).isEqualTo(200);
        assertThat(hidden.body()).contains("id=\"charts-not-yet\"").doesNotContain("<svg");
        assertThat(empty.body()).contains("id=\"charts-empty\"").doesNotContain("<svg");
        assertThat(down.statusCode()).isEqualTo(200);
        assertThat(down.body()).contains("id=\"charts-unavailable\"").contains("Không lấy được dữ liệu biểu đồ")
                .doesNotContain("<svg");
    }

    @Test
    void theEnglishChartsUseEnglishWords() throws Exception {
        String session = signIn("tran.thi.lan");

        String charts = get("/console/campaigns/c-1/charts?lang=en", session).body();

        assertThat(charts).contains("<title>✓ Published: 3</title>").contains("Show the figures as a table")
                .contains(">No group<");
    }

    @Test
    void theCampaignPageLoadsTheChartsWithTheBoardAndTheLiveStreamRefetchesThemThrottled() throws Exception {
        String session = signIn("tran.thi.lan");

        String page = get("/console/campaigns/c-1", session).body();
        String script = get("/console/static/board-live.js", session).body();

        String charts = page.substring(page.indexOf("<div id=\"board-charts\""));
        charts = charts.substring(0, charts.indexOf('>'));
        assertThat(charts).contains("hx-get=\"/console/campaigns/c-1/charts\"")
                .contains("hx-trigger=\"load, charts-changed, every 60s\"");
        assertThat(script).contains("CHART_MIN_INTERVAL_MS = 5000").contains("'charts-changed'");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** One SVG of the fragment, by id. */
    static String svg(String html, String id) {
        int start = html.indexOf("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"" + id + "\"");
        assertThat(start).as("svg " + id).isNotNegative();
        return html.substring(start, html.indexOf("</svg>", start) + 6);
    }

    /** The numbers of a table's row, by its label. */
    static List<String> row(String html, String tableId, String label) {
        String table = html.substring(html.indexOf("id=\"" + tableId + "\""));
        table = table.substring(0, table.indexOf("</table>"));
        String row = table.substring(table.indexOf("<th scope=\"row\">" + label + "</th>"));
        row = row.substring(0, row.indexOf("</tr>"));
        return Pattern.compile("<td>([^<]*)</td>").matcher(row).results().map(m -> m.group(1)).toList();
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
