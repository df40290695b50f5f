package vn.govcomm.gateway.console;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.gateway.TestGateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wizard's agency picker over HTTP against a canned directory (departments, a district with two communes): search
 * without accents, groups and hierarchy as targets, per-target channels, the targets in words, the same without
 * JavaScript (the form posted back), and who may use it (signed-in users of this console only).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"spring.config.name=gateway",
        "govcomm.console.editor-script=classpath:/static/console/static/no-such-editor.js"})
class AgencyPickerConsoleTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<String> CREATED = new CopyOnWriteArrayList<>();
    /** The Idempotency-Key of every POST ("null" when none was sent). */
    static final List<String> KEYS = new CopyOnWriteArrayList<>();
    static final String DIRECTORY = """
            [{"agencyId":"so-y-te","name":"Sở Y tế tỉnh Khánh Hòa","shortName":"Sở Y tế","parentId":null,"groups":["co-quan-chuyen-mon"]},
             {"agencyId":"so-noi-vu","name":"Sở Nội vụ tỉnh Khánh Hòa","shortName":"Sở Nội vụ","parentId":null,"groups":["co-quan-chuyen-mon"]},
             {"agencyId":"cong-an-tinh","name":"Công an tỉnh Khánh Hòa","shortName":"Công an tỉnh","parentId":null,"groups":["nganh-doc"]},
             {"agencyId":"ubnd-dien-khanh","name":"UBND huyện Diên Khánh","shortName":"UBND Diên Khánh","parentId":null,"groups":["ubnd-cap-huyen"]},
             {"agencyId":"ubnd-xa-dien-an","name":"UBND xã Diên An","shortName":"","parentId":"ubnd-dien-khanh","groups":["ubnd-cap-xa"]},
             {"agencyId":"ubnd-xa-dien-toan","name":"UBND xã Diên Toàn","shortName":"","parentId":"ubnd-dien-khanh","groups":["ubnd-cap-xa"]}]""";
    static final HttpServer CAMPAIGNS = campaigns();

    static HttpServer campaigns() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/", exchange -> {
                try (exchange) {
                    String body = DIRECTORY;
                    int status = 200;
                    if (exchange.getRequestMethod().equals("POST")) {
                        CREATED.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                        KEYS.add(String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")));
                        status = 201;
                        body = "{\"id\":\"cmp-7\"}";
                    } else if (!exchange.getRequestURI().getPath().equals("/api/agencies")) {
                        body = "[]";
                    }
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(status, bytes.length);
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
        registry.add("CAMPAIGN_SERVICE_URL", () -> "http://127.0.0.1:" + CAMPAIGNS.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        CAMPAIGNS.stop(0);
    }

    @Value("${local.server.port}")
    int port;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void anonymousVisitorsAndOtherSitesAreRefused() throws Exception {
        HttpResponse<String> anonymous = post("/console/agencies/picker", null, "agencyQuery=so", true);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("HX-Redirect")).hasValue("/console/login");
        assertThat(anonymous.body()).doesNotContain("Sở Y tế");
        assertThat(post("/console/campaigns/picker", null, "agencyQuery=so", false).statusCode()).isEqualTo(303);
        assertThat(post("/console/agencies/summary", null, "agencies=so-y-te", false).statusCode()).isEqualTo(303);

        HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(uri("/console/agencies/picker"))
                .header("Cookie", signIn("tran.thi.lan")).header("Origin", "https://evil.example")
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString("agencyQuery=so")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).doesNotContain("Sở Y tế");
    }

    @Test
    void theWizardOpensOnTheFirstGroupWithTheWholeGroupOfferedAndNamesNeverIds() throws Exception {
        String wizard = get("/console/campaigns/new", signIn("tran.thi.lan")).body();

        assertThat(wizard).contains("id=\"agencyQuery\"").contains("aria-describedby=\"agencyQuery-hint\"")
                .contains("<label for=\"agencyQuery\">Tìm cơ quan, đơn vị hoặc nhóm</label>")
                .contains("Cả nhóm: Cơ quan chuyên môn").contains("name=\"groupTargets\" value=\"co-quan-chuyen-mon\"")
                .contains("<span>Sở Y tế tỉnh Khánh Hòa</span>").contains("name=\"agencies\" value=\"so-y-te\"")
                .doesNotContain("Công an tỉnh Khánh Hòa").doesNotContain(">so-y-te<")
                .contains("2 cơ quan, đơn vị").contains("Chưa chọn cơ quan, đơn vị nào.");
    }

    @Test
    void aSearchWithoutAccentsFindsAgenciesInEveryGroupAndOffersEveryUnitUnderADistrict() throws Exception {
        String session = signIn("tran.thi.lan");
        String found = post("/console/agencies/picker", session, "group=co-quan-chuyen-mon&agencyQuery=" + enc("cong an"), true).body();
        assertThat(found).startsWith("<div id=\"picker-body\"").contains("Công an tỉnh Khánh Hòa")
                .contains("id=\"target-agency-cong-an-tinh\"").doesNotContain("Sở Y tế").contains("1 cơ quan, đơn vị");

        String district = post("/console/agencies/picker", session, "agencyQuery=" + enc("dien khanh"), true).body();
        assertThat(district).contains("Chọn tất cả đơn vị trực thuộc UBND huyện Diên Khánh")
                .contains("name=\"descendantsOf\" value=\"ubnd-dien-khanh\"").contains("Xem 2 đơn vị trực thuộc");

        String units = post("/console/agencies/picker", session, "agencyQuery=&browse=ubnd-dien-khanh", true).body();
        assertThat(units).contains("Đơn vị trực thuộc UBND huyện Diên Khánh").contains("UBND xã Diên An")
                .contains("UBND xã Diên Toàn").contains("thuộc UBND huyện Diên Khánh").doesNotContain("Sở Y tế");

        String groups = post("/console/agencies/picker", session, "agencyQuery=" + enc("cap xa"), true).body();
        assertThat(groups).contains("Cả nhóm: UBND cấp xã").contains("(2 cơ quan hiện có;");
    }

    @Test
    void aChosenTargetMovesToTheChosenListWithItsChannelsAndIsSummarisedInWords() throws Exception {
        String session = signIn("tran.thi.lan");
        String body = post("/console/agencies/picker", session, "group=co-quan-chuyen-mon&agencies=so-y-te&groupTargets=ubnd-cap-huyen"
                + "&descendantsOf=ubnd-dien-khanh&channels=portal&channels=facebook&targetChannels=" + enc("under:ubnd-dien-khanh:facebook"), true).body();

        String chosen = body.substring(body.indexOf("id=\"picker-chosen\""));
        assertThat(chosen).contains("Đã chọn (3)").contains("Sở Y tế tỉnh Khánh Hòa").contains("Cả nhóm: UBND cấp huyện")
                .contains("Chọn tất cả đơn vị trực thuộc UBND huyện Diên Khánh").contains("Kênh riêng: Trang Facebook")
                .contains("value=\"under:ubnd-dien-khanh:facebook\" checked");
        // one box per target: Sở Y tế is no longer offered among the results, only shown as chosen
        assertThat(body.split("value=\"so-y-te\"", -1)).hasSize(2);
        assertThat(body.substring(0, body.indexOf("id=\"picker-chosen\""))).contains("(đã chọn)");

        String summary = post("/console/agencies/summary", session, "agencies=so-y-te&groupTargets=ubnd-cap-huyen"
                + "&descendantsOf=ubnd-dien-khanh&channels=portal&channels=facebook&targetChannels=" + enc("under:ubnd-dien-khanh:facebook"), true).body();
        assertThat(summary).contains("Gửi tới").contains("<b>Sở Y tế tỉnh Khánh Hòa</b>")
                .contains("Cổng thông tin điện tử, Trang Facebook").contains("theo kênh của chiến dịch")
                .contains("2 đơn vị hiện có, theo danh bạ lúc phê duyệt");
    }

    @Test
    void withoutJavaScriptTheSearchButtonShowsTheWizardAgainAsTypedWithTheResults() throws Exception {
        HttpResponse<String> page = post("/console/campaigns/picker", signIn("tran.thi.lan"), "code=SNV-9&title=" + enc("Lịch tiếp dân")
                + "&agencies=so-y-te&group=co-quan-chuyen-mon&agencyQuery=" + enc("dien toan") + "&channels=portal", false);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("value=\"Lịch tiếp dân\"").contains("value=\"SNV-9\"").contains("UBND xã Diên Toàn")
                .contains("value=\"dien toan\"").contains("Đã chọn (1)");
        assertThat(CREATED).noneMatch(c -> c.contains("SNV-9"));
    }

    @Test
    void theCampaignIsCreatedWithAgencyGroupAndHierarchyTargetsEachWithItsChannels() throws Exception {
        HttpResponse<String> created = post("/console/campaigns", signIn("tran.thi.lan"), "code=SNV-PICK&title=" + enc("Khảo sát")
                + "&bodyHtml=" + enc("<p>x</p>") + "&agencies=so-y-te&groupTargets=ubnd-cap-huyen&descendantsOf=ubnd-dien-khanh"
                + "&channels=portal&channels=zalo&targetChannels=" + enc("group:ubnd-cap-huyen:zalo")
                + "&startDate=2026-12-05&endDate=2027-01-04&priority=NORMAL", false);

        assertThat(created.statusCode()).isEqualTo(302);
        String sent = CREATED.stream().filter(c -> c.contains("SNV-PICK")).findFirst().orElseThrow();
        assertThat(JSON.readTree(sent).path("targets").toString()).isEqualTo("""
                [{"agencyId":"so-y-te","channels":["portal","zalo"]},{"group":"ubnd-cap-huyen","channels":["zalo"]},\
                {"descendantsOf":"ubnd-dien-khanh","channels":["portal","zalo"]}]""");
    }

    /** The wizard's form carries a key made with the page; its create relays it, so a double click makes one draft. */
    @Test
    void theWizardsCreateSendsTheKeyOfItsPageAsIdempotencyKey() throws Exception {
        String session = signIn("tran.thi.lan");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"requestKey\" value=\"([0-9a-f-]{36})\"")
                .matcher(get("/console/campaigns/new", session).body());
        assertThat(m.find()).as("the wizard's key").isTrue();
        String form = "code=SNV-KEY&title=" + enc("Khảo sát") + "&bodyHtml=" + enc("<p>x</p>")
                + "&agencies=so-y-te&channels=portal&startDate=2026-12-05&endDate=2027-01-04&priority=NORMAL"
                + "&requestKey=" + m.group(1);
        int before = KEYS.size();

        post("/console/campaigns", session, form, false);
        post("/console/campaigns", session, form, false);

        assertThat(KEYS.subList(before, KEYS.size())).containsExactly(m.group(1), m.group(1));
    }

    private HttpResponse<String> post(String path, String session, String form, boolean htmx) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Origin", self())
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (session != null) {
            request.header("Cookie", session);
        }
        if (htmx) {
            request.header("HX-Request", "true");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private String signIn(String user) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(uri("/console/login")).header("Origin", self())
                        .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                        .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=demo")).build(),
                HttpResponse.BodyHandlers.ofString());
        return login.headers().firstValue("Set-Cookie").map(c -> c.split(";")[0]).orElseThrow();
    }

    private HttpResponse<String> get(String path, String session) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Cookie", session).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(self() + path);
    }

    private String self() {
        return "http://127.0.0.1:" + port;
    }
}
