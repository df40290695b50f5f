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
import tools.jackson.databind.JsonNode;
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
 * The console knows provinces, against a canned campaign service whose directory holds two provinces (Khánh Hòa: Sở
 * Nội vụ, tran.thi.lan's agency; Hà Nội) and a national agency (here Sở Y tế is made national, so le.thi.hoa is a
 * national officer): the picker offers a provincial officer its province only and says so, a national officer a
 * province selector, the whole province and groups narrowed to it; the service's {@code target-outside-province} in
 * words naming the agencies; whole-province targets as "Toàn tỉnh …" on the campaign page and list; the admins' agency
 * list by province and the change of where an agency belongs (anonymous → sign-in, other roles → 403 and nothing
 * asked of the service, cross-site posts refused).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"spring.config.name=gateway",
        "govcomm.console.editor-script=classpath:/static/console/static/no-such-editor.js"})
class ProvincesConsoleTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String KH = """
            {"agencyId":"ubnd-tinh","name":"Ủy ban nhân dân tỉnh Khánh Hòa","shortName":"UBND tỉnh","type":"PROVINCIAL_PEOPLES_COMMITTEE","parentId":null,"groups":["ubnd-tinh"],"provinceId":"khanh-hoa","national":false,"active":true,"version":1},
            {"agencyId":"so-noi-vu","name":"Sở Nội vụ tỉnh Khánh Hòa","shortName":"Sở Nội vụ","type":"DEPARTMENT","parentId":"ubnd-tinh","groups":["co-quan-chuyen-mon"],"provinceId":"khanh-hoa","national":false,"active":true,"version":1},
            {"agencyId":"so-tu-phap","name":"Sở Tư pháp tỉnh Khánh Hòa","shortName":"Sở Tư pháp","type":"DEPARTMENT","parentId":"ubnd-tinh","groups":["co-quan-chuyen-mon"],"provinceId":"khanh-hoa","national":false,"active":true,"version":1},
            {"agencyId":"p-loc-tho","name":"Ủy ban nhân dân phường Lộc Thọ","shortName":"","type":"COMMUNE_PEOPLES_COMMITTEE","parentId":"ubnd-tinh","groups":["ubnd-cap-xa"],"provinceId":"khanh-hoa","national":false,"active":true,"version":1}""";
    static final String HN = """
            {"agencyId":"tn-hn-ubnd","name":"Ủy ban nhân dân Thành phố Hà Nội","shortName":"UBND TP Hà Nội","type":"PROVINCIAL_PEOPLES_COMMITTEE","parentId":null,"groups":["ubnd-tinh"],"provinceId":"ha-noi","national":false,"active":true,"version":1},
            {"agencyId":"tn-hn-so-tu-phap","name":"Sở Tư pháp Thành phố Hà Nội","shortName":"Sở Tư pháp HN","type":"DEPARTMENT","parentId":"tn-hn-ubnd","groups":["co-quan-chuyen-mon"],"provinceId":"ha-noi","national":false,"active":true,"version":3},
            {"agencyId":"tn-hn-p-ba-dinh","name":"Ủy ban nhân dân phường Ba Đình","shortName":"","type":"COMMUNE_PEOPLES_COMMITTEE","parentId":"tn-hn-ubnd","groups":["ubnd-cap-xa"],"provinceId":"ha-noi","national":false,"active":true,"version":1}""";
    static final String NATIONAL = """
            {"agencyId":"so-y-te","name":"Bộ Y tế","shortName":"Bộ Y tế","type":"MINISTRY","parentId":null,"groups":[],"national":true,"active":true,"version":1},
            {"agencyId":"so-khoa-hoc-cong-nghe","name":"Bộ Khoa học và Công nghệ","shortName":"Bộ KH&CN","type":"MINISTRY","parentId":null,"groups":[],"national":true,"active":true,"version":1}""";
    static final String CAMPAIGN = """
            {"id":"cmp-hn","code":"BYT-1","issuingAgencyId":"so-y-te","status":"DRAFT","version":2,"notice":{"title":"Tiêm chủng"},
             "window":{"startsAt":"2026-12-04T17:00:00Z","endsAt":"2027-01-04T17:00:00Z"},"allowedActions":[],
             "targets":[{"province":"ha-noi","channels":["portal"]},{"group":"ubnd-cap-xa","province":"khanh-hoa","channels":["portal","zalo"]},
                        {"agencyId":"tn-hn-so-tu-phap","channels":["facebook"]}]}""";

    /** A request the service got that is not a read of the directory for names. */
    record Request(String method, String target, String ifMatch, String body) {
    }

    static final List<Request> RECEIVED = new CopyOnWriteArrayList<>();
    static final HttpServer CAMPAIGNS = campaigns();

    static HttpServer campaigns() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/", exchange -> {
                try (exchange) {
                    String target = exchange.getRequestURI().getPath()
                            + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
                    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    if (!target.equals("/api/agencies")) {
                        RECEIVED.add(new Request(exchange.getRequestMethod(), target,
                                exchange.getRequestHeaders().getFirst("If-Match"), body));
                    }
                    switch (exchange.getRequestMethod() + " " + target) {
                        case "GET /api/agencies" -> answer(exchange, 200, "[" + KH + "," + HN + "," + NATIONAL + "]");
                        case "GET /api/agencies/provinces" -> answer(exchange, 200, ProvinceNamesUnitTests.PROVINCES);
                        case "GET /api/agencies?province=ha-noi" -> answer(exchange, 200, "[" + HN + "]");
                        case "GET /api/agencies?national=true" -> answer(exchange, 200, "[" + NATIONAL + "]");
                        case "GET /api/agencies/tn-hn-so-tu-phap" -> answer(exchange, 200, HN.split("\n")[1].replaceAll(",$", ""));
                        case "PUT /api/agencies/tn-hn-so-tu-phap" -> answer(exchange, body.contains("\"dak-lak\"") ? 400 : 200,
                                body.contains("\"dak-lak\"") ? """
                                        {"status":400,"code":"validation-failed","detail":"Dữ liệu không hợp lệ. / The request has invalid fields.",
                                         "errors":[{"field":"provinceId","code":"unknown-province","messageVi":"Không phải một trong 34 mã tỉnh, thành phố: dak-lak",
                                                    "messageEn":"Not one of the 34 province codes: dak-lak"}]}""" : "{}");
                        case "POST /api/campaigns" -> {
                            boolean outside = body.contains("\"issuingAgencyId\":\"so-noi-vu\"") && body.contains("tn-hn-so-tu-phap");
                            answer(exchange, outside ? 400 : 201, outside ? """
                                    {"status":400,"code":"target-outside-province","detail":"Cơ quan ban hành thuộc khanh-hoa chỉ gửi được tới cơ quan trong tỉnh; ngoài tỉnh: tn-hn-so-tu-phap. / outside it: tn-hn-so-tu-phap.",
                                     "errors":[{"field":"targets[1].agencyId","code":"target-outside-province","messageVi":"Ngoài tỉnh của cơ quan ban hành (khanh-hoa): tn-hn-so-tu-phap",
                                                "messageEn":"Outside the issuing agency's province (khanh-hoa): tn-hn-so-tu-phap"}]}""" : "{\"id\":\"cmp-new\"}");
                        }
                        case "GET /api/campaigns" -> answer(exchange, 200, "[" + CAMPAIGN + "]");
                        case "GET /api/campaigns/cmp-hn" -> answer(exchange, 200, CAMPAIGN);
                        default -> answer(exchange, 404, "{\"status\":404,\"code\":\"not-found\",\"detail\":\"Không có / none\"}");
                    }
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
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

    // ---- the picker -------------------------------------------------------------------------------------------

    @Test
    void aProvincialOfficerIsOfferedOnlyItsProvincesAgenciesAndIsToldSo() throws Exception {
        String session = signIn("tran.thi.lan");
        String wizard = get("/console/campaigns/new", session).body();
        assertThat(wizard).contains("Chỉ các cơ quan thuộc Tỉnh Khánh Hòa").contains("Sở Tư pháp tỉnh Khánh Hòa")
                .doesNotContain("Sở Tư pháp Thành phố Hà Nội").doesNotContain("id=\"province\"");

        String found = post("/console/agencies/picker", session, "agencyQuery=" + enc("so tu phap"), true).body();
        assertThat(found).contains("value=\"so-tu-phap\"").doesNotContain("tn-hn-so-tu-phap").contains("1 cơ quan, đơn vị");
        String communes = post("/console/agencies/picker", session, "agencyQuery=" + enc("cap xa"), true).body();
        assertThat(communes).contains("Cả nhóm: UBND cấp xã").contains("(1 cơ quan hiện có;");

        String summary = post("/console/agencies/summary", session, "groupTargets=ubnd-cap-xa&channels=portal", true).body();
        assertThat(summary).contains("<b>Cả nhóm: UBND cấp xã</b>")
                .contains("chỉ các cơ quan thuộc Tỉnh Khánh Hòa, theo danh bạ lúc phê duyệt");
    }

    @Test
    void aNationalOfficerChoosesAProvinceAndMayTargetItWholeOrAGroupInIt() throws Exception {
        String session = signIn("le.thi.hoa");
        String wizard = get("/console/campaigns/new", session).body();
        assertThat(wizard).contains("<label for=\"province\">Tỉnh, thành phố</label>")
                .contains("<option value=\"ha-noi\">Thành phố Hà Nội</option>")
                .contains("<option value=\"khanh-hoa\">Tỉnh Khánh Hòa</option>")
                .contains("Cơ quan trung ương: chọn được cơ quan của mọi tỉnh, thành phố")
                .doesNotContain("Chỉ các cơ quan thuộc");
        // names come from the directory, in the order of the names
        assertThat(wizard.indexOf(">Thành phố Hà Nội<")).isLessThan(wizard.indexOf(">Tỉnh Khánh Hòa<"));

        String hanoi = post("/console/agencies/picker", session, "province=ha-noi&group=ubnd-cap-xa", true).body();
        assertThat(hanoi).contains("Đang xem các cơ quan thuộc Thành phố Hà Nội.")
                .contains("name=\"provinceTargets\" value=\"ha-noi\"").contains("<b>Toàn thành phố Hà Nội</b>")
                .contains("name=\"provinceGroups\" value=\"ubnd-cap-xa@ha-noi\"")
                .contains("Cả nhóm: UBND cấp xã — Thành phố Hà Nội").contains("Ủy ban nhân dân phường Ba Đình")
                .doesNotContain("Lộc Thọ");

        String summary = post("/console/agencies/summary", session,
                "provinceTargets=ha-noi&provinceGroups=" + enc("ubnd-cap-xa@khanh-hoa") + "&channels=portal", true).body();
        assertThat(summary).contains("<b>Tất cả cơ quan của Thành phố Hà Nội</b>").contains("3 cơ quan hiện có")
                .contains("<b>Cả nhóm: UBND cấp xã — Tỉnh Khánh Hòa</b>");

        HttpResponse<String> created = post("/console/campaigns", session, "code=BYT-PROV&title=" + enc("Tiêm chủng")
                + "&bodyHtml=" + enc("<p>x</p>") + "&provinceTargets=ha-noi&provinceGroups=" + enc("ubnd-cap-xa@khanh-hoa")
                + "&channels=portal&targetChannels=" + enc("groupin:ubnd-cap-xa@khanh-hoa:portal")
                + "&startDate=2026-12-05&endDate=2027-01-04&priority=NORMAL", false);
        assertThat(created.statusCode()).isEqualTo(302);
        JsonNode sent = JSON.readTree(RECEIVED.stream().filter(r -> r.body().contains("BYT-PROV")).findFirst().orElseThrow().body());
        assertThat(sent.path("targets").toString()).isEqualTo("""
                [{"province":"ha-noi","channels":["portal"]},{"group":"ubnd-cap-xa","province":"khanh-hoa","channels":["portal"]}]""");
    }

    @Test
    void aTargetOutsideTheProvinceRefusedByTheServiceIsNamedInWords() throws Exception {
        HttpResponse<String> refused = post("/console/campaigns", signIn("tran.thi.lan"), "code=SNV-OUT&title=" + enc("Khảo sát")
                + "&bodyHtml=" + enc("<p>x</p>") + "&agencies=so-tu-phap&agencies=tn-hn-so-tu-phap&channels=portal"
                + "&startDate=2026-12-05&endDate=2027-01-04&priority=NORMAL", false);

        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("Cơ quan của bạn thuộc Tỉnh Khánh Hòa nên chỉ gửi được tới các cơ quan cùng tỉnh, "
                + "thành phố. Không thuộc Tỉnh Khánh Hòa: Sở Tư pháp Thành phố Hà Nội.");
        assertThat(refused.body()).doesNotContain("ngoài tỉnh: tn-hn-so-tu-phap");
    }

    @Test
    void theCampaignPageAndListSayWhoGetsItInWordsWithTheWholeProvince() throws Exception {
        String session = signIn("le.thi.hoa");
        String page = get("/console/campaigns/cmp-hn", session).body();
        assertThat(page).contains("<span>Toàn thành phố Hà Nội</span>")
                .contains("<span>Cả nhóm: UBND cấp xã — Tỉnh Khánh Hòa</span>")
                .contains("<span>Sở Tư pháp Thành phố Hà Nội (Thành phố Hà Nội)</span>")
                .doesNotContain(">ha-noi<").doesNotContain("tn-hn-so-tu-phap<");

        String list = get("/console", session).body();
        assertThat(list).contains("Toàn thành phố Hà Nội; Cả nhóm: UBND cấp xã — Tỉnh Khánh Hòa; Sở Tư pháp Thành phố Hà Nội");
    }

    // ---- the directory by province ----------------------------------------------------------------------------

    @Test
    void anonymousVisitorsAreSentToSignInAndOtherRolesAreRefusedWithoutAskingTheService() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri("/console/directory/agencies")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("Location").orElse("")).contains("/console/login");
        assertThat(post("/console/directory/agencies/tn-hn-so-tu-phap", null, "tenancy=national&version=3", false).statusCode())
                .isEqualTo(303);

        int before = RECEIVED.size();
        for (String user : List.of("tran.thi.lan", "nguyen.van.minh", "vo.thi.mai")) {
            String session = signIn(user);
            assertThat(get("/console/directory/agencies?province=ha-noi", session).statusCode()).as(user).isEqualTo(403);
            assertThat(get("/console/directory/agencies/tn-hn-so-tu-phap", session).statusCode()).as(user).isEqualTo(403);
            HttpResponse<String> move = post("/console/directory/agencies/tn-hn-so-tu-phap", session, "tenancy=national&version=3", false);
            assertThat(move.statusCode()).as(user).isEqualTo(403);
            assertThat(move.body()).contains("Chỉ quản trị viên sửa danh bạ cơ quan.");
        }
        assertThat(RECEIVED.size()).isEqualTo(before);

        HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(uri("/console/directory/agencies/tn-hn-so-tu-phap"))
                .header("Cookie", signIn("hoang.quoc.bao")).header("Origin", "https://evil.example")
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString("tenancy=national&version=3")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(RECEIVED).noneMatch(r -> r.method().equals("PUT"));
    }

    @Test
    void anAdminListsAgenciesByProvinceWithTheirProvinceInWords() throws Exception {
        String session = signIn("hoang.quoc.bao");
        String hanoi = get("/console/directory/agencies?province=ha-noi", session).body();
        assertThat(hanoi).contains("<option value=\"ha-noi\" selected=\"selected\">Thành phố Hà Nội</option>")
                .contains("Sở Tư pháp Thành phố Hà Nội").contains("3 cơ quan").doesNotContain("Sở Nội vụ tỉnh Khánh Hòa")
                .contains("<td data-testid=\"agency-province\">Thành phố Hà Nội</td>");
        assertThat(RECEIVED).anyMatch(r -> r.target().equals("/api/agencies?province=ha-noi"));

        String national = get("/console/directory/agencies?province=national", session).body();
        assertThat(national).contains("Bộ Khoa học và Công nghệ").contains("<td data-testid=\"agency-province\">Cơ quan trung ương</td>")
                .doesNotContain("Sở Tư pháp Thành phố Hà Nội");
        assertThat(RECEIVED).anyMatch(r -> r.target().equals("/api/agencies?national=true"));
    }

    @Test
    void anAdminMovesAnAgencyToTheNationalTierKeepingEverythingElseItHad() throws Exception {
        String session = signIn("hoang.quoc.bao");
        String form = get("/console/directory/agencies/tn-hn-so-tu-phap", session).body();
        assertThat(form).contains("Hiện thuộc: Thành phố Hà Nội").contains("<option value=\"ha-noi\" selected=\"selected\">")
                .contains("<option value=\"national\">Cơ quan trung ương</option>").contains("name=\"version\" value=\"3\"");

        HttpResponse<String> moved = post("/console/directory/agencies/tn-hn-so-tu-phap", session, "tenancy=national&version=3", false);
        assertThat(moved.statusCode()).isEqualTo(302);
        assertThat(moved.headers().firstValue("Location").orElse("")).endsWith("/console/directory/agencies?province=national");
        Request put = RECEIVED.stream().filter(r -> r.method().equals("PUT")).reduce((a, b) -> b).orElseThrow();
        assertThat(put.ifMatch()).isEqualTo("\"3\"");
        JsonNode sent = JSON.readTree(put.body());
        assertThat(sent.path("national").asBoolean()).isTrue();
        assertThat(sent.path("provinceId").isNull()).isTrue();
        assertThat(sent.path("name").asString()).isEqualTo("Sở Tư pháp Thành phố Hà Nội");
        assertThat(sent.path("parentId").asString()).isEqualTo("tn-hn-ubnd");
        assertThat(sent.has("version")).isFalse();

        HttpResponse<String> refused = post("/console/directory/agencies/tn-hn-so-tu-phap", session, "tenancy=dak-lak&version=3", false);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Không phải một trong 34 mã tỉnh, thành phố: dak-lak");
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
