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
import vn.govcomm.identity.Caller;

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
import static vn.govcomm.gateway.console.CampaignBoardConsoleTests.visibleText;

/**
 * Editing an approved campaign (a new version, approved again), its version history and copying it, against a
 * canned campaign service that answers each caller as the real one would: {@code v-1} runs with two approved versions
 * (the officer of the issuing agency may edit it, its viewer not; another agency's users get 404), {@code v-2} waits
 * for the re-approval of its second version. Copying is the service's to allow: its officer gets a draft, its approver
 * 403, another agency 404, each said on the page in the service's words.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"spring.config.name=gateway",
        "govcomm.console.editor-script=classpath:/static/console/static/no-such-editor.js"})
class CampaignVersionsCopyConsoleTests {

    static final String DIRECTORY = """
            [{"agencyId":"so-noi-vu","name":"Sở Nội vụ tỉnh Khánh Hòa","shortName":"Sở Nội vụ"},
             {"agencyId":"so-y-te","name":"Sở Y tế tỉnh Khánh Hòa","shortName":"Sở Y tế"}]""";
    static final String V1 = """
            {"id":"v-1","code":"SNV-KS-2025","status":"RUNNING","issuingAgencyId":"so-noi-vu","createdBy":"tran.thi.lan",
             "version":7,"noticeVersion":2,"approvedVersion":2,
             "notice":{"title":"Khảo sát mức độ hài lòng 2025","bodyHtml":"<p>Mời tham gia</p>","ledText":"KHAO SAT 2025"},
             "targets":[{"agencyId":"so-y-te","channels":["portal","led"]}],
             "window":{"startsAt":"2025-08-31T17:00:00Z","endsAt":"2025-11-30T17:00:00Z"},
             "allowedActions":%s}""";
    static final String VERSIONS = """
            [{"version":1,"approvedBy":"nguyen.van.minh","comment":"Đồng ý","approvedAt":"2025-08-20T02:15:00Z",
              "content":{"code":"SNV-KS-2025","notice":{"title":"Khảo sát 2025","bodyHtml":"<p>Mời tham gia</p>","ledText":"KHAO SAT"},
                         "targets":[{"agencyId":"so-y-te","channels":["portal"]}],
                         "window":{"startsAt":"2025-08-31T17:00:00Z","endsAt":"2025-11-30T17:00:00Z"}}},
             {"version":2,"approvedBy":"nguyen.van.minh","approvedByName":"Nguyễn Văn Minh","approvedAt":"2025-09-02T08:40:00Z",
              "content":{"code":"SNV-KS-2025","notice":{"title":"Khảo sát mức độ hài lòng 2025","bodyHtml":"<p>Mời tham gia</p>",
                                                        "ledText":"KHAO SAT 2025","facebookText":"Mời tham gia khảo sát"},
                         "targets":[{"agencyId":"so-y-te","channels":["portal","led"]}],
                         "window":{"startsAt":"2025-08-31T17:00:00Z","endsAt":"2025-11-30T17:00:00Z"}}}]""";
    static final String V2 = """
            {"id":"v-2","code":"SNV-KS-2026","status":"SUBMITTED","issuingAgencyId":"so-noi-vu","noticeVersion":2,"approvedVersion":1,
             "notice":{"title":"Khảo sát 2026"},"window":{"startsAt":"2026-08-31T17:00:00Z","endsAt":"2026-11-30T17:00:00Z"},
             "allowedActions":[]}""";
    static final String COPY = """
            {"id":"v-1-copy","code":"SNV-KS-2026","status":"DRAFT","issuingAgencyId":"so-noi-vu","noticeVersion":1,"approvedVersion":0,
             "notice":{"title":"Khảo sát mức độ hài lòng 2025","bodyHtml":"<p>Mời tham gia</p>"},
             "targets":[{"agencyId":"so-y-te","channels":["portal","led"]}],
             "window":{"startsAt":"2026-08-31T17:00:00Z","endsAt":"2026-11-30T17:00:00Z"},"allowedActions":["edit","submit","cancel"]}""";
    static final String NOT_FOUND = """
            {"status":404,"code":"not-found","detail":"Không tìm thấy chiến dịch. / Campaign not found."}""";
    static final String IF_MATCH_REQUIRED = """
            {"status":428,"code":"if-match-required","detail":"Cần gửi If-Match với ETag đã nhận. / Send If-Match with the ETag you received."}""";
    static final String OFFICERS_ONLY = """
            {"status":403,"code":"officer-role-required","detail":"Chỉ cán bộ được sao chép chiến dịch. / Only officers can copy a campaign."}""";

    /** Every request the service got but the directory's: "METHOD path user body". */
    static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    /** "METHOD path Idempotency-Key" of every request (the key "null" when none was sent). */
    static final List<String> KEYS = new CopyOnWriteArrayList<>();
    static final HttpServer CAMPAIGNS = campaigns();

    static HttpServer campaigns() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/", exchange -> {
                try (exchange) {
                    String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
                    if (request.equals("GET /api/agencies")) {
                        answer(exchange, 200, DIRECTORY);
                        return;
                    }
                    Caller caller = TestGateway.callerFor("campaign-service",
                            exchange.getRequestHeaders().getFirst("Authorization"));
                    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    RECEIVED.add(request + " " + caller.userId() + " " + body);
                    KEYS.add(request + " " + exchange.getRequestHeaders().getFirst("Idempotency-Key"));
                    boolean ours = "so-noi-vu".equals(caller.agencyId());
                    boolean officer = caller.hasRole("officer");
                    switch (ours ? request : "GET /elsewhere") {
                        case "GET /api/campaigns/v-1" -> answer(exchange, 200, V1.formatted(officer
                                ? "[\"edit\",\"cancel\",\"copy\",\"save-as-template\"]" : "[]"));
                        case "GET /api/campaigns/v-1/versions" -> answer(exchange, 200, VERSIONS);
                        case "GET /api/campaigns/v-2" -> answer(exchange, 200, V2);
                        case "GET /api/campaigns/v-2/versions" -> answer(exchange, 200, VERSIONS.substring(0, VERSIONS.indexOf(",\n {\"version\":2")) + "]");
                        case "GET /api/campaigns/v-1-copy" -> answer(exchange, 200, COPY);
                        case "PUT /api/campaigns/v-1" -> {
                            if ("\"7\"".equals(exchange.getRequestHeaders().getFirst("If-Match"))) {
                                answer(exchange, 200, V1.formatted("[]").replace("RUNNING", "SUBMITTED")
                                        .replace("\"noticeVersion\":2", "\"noticeVersion\":3"));
                            } else {
                                answer(exchange, 428, IF_MATCH_REQUIRED);
                            }
                        }
                        case "POST /api/campaigns/v-1/copy" -> answer(exchange, officer ? 201 : 403, officer ? COPY : OFFICERS_ONLY);
                        default -> answer(exchange, 404, NOT_FOUND);
                    }
                } catch (Exception e) {
                    answer(exchange, 401, "{\"status\":401}");
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
        exchange.getResponseHeaders().add("Content-Type", status < 300 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        TestGateway.localIssuer(registry);
        String url = "http://127.0.0.1:" + CAMPAIGNS.getAddress().getPort();
        registry.add("CAMPAIGN_SERVICE_URL", () -> url);
        registry.add("PUBLISHING_SERVICE_URL", () -> url);
        registry.add("REPORTING_SERVICE_URL", () -> url);
    }

    @AfterAll
    static void stop() {
        CAMPAIGNS.stop(0);
    }

    @Value("${local.server.port}")
    int port;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    // ---- who ----------------------------------------------------------------------------------------------------

    @Test
    void anAnonymousBrowserIsSentToSignInAndNothingIsCopied() throws Exception {
        int before = RECEIVED.size();

        HttpResponse<String> page = get("/console/campaigns/v-1", null);
        HttpResponse<String> copy = post("/console/campaigns/v-1/copy", null, "");

        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/console/login");
        assertThat(copy.statusCode()).isEqualTo(303);
        assertThat(copy.headers().firstValue("Location")).hasValue("/console/login");
        assertThat(RECEIVED.subList(before, RECEIVED.size())).isEmpty();
    }

    @Test
    void theEditButtonIsTheServicesAndSaysItMakesANewVersion() throws Exception {
        String officer = get("/console/campaigns/v-1", signIn("tran.thi.lan")).body();
        String viewer = get("/console/campaigns/v-1", signIn("vo.thi.mai")).body();

        assertThat(officer).contains("id=\"edit\"").contains("Sửa nội dung (tạo phiên bản mới)");
        assertThat(viewer).doesNotContain("id=\"edit\"").doesNotContain("Sửa nội dung");
        // a draft never approved is edited in place: the plain word
        assertThat(get("/console/campaigns/v-1-copy", signIn("tran.thi.lan")).body())
                .contains("id=\"edit\"").doesNotContain("tạo phiên bản mới");
    }

    @Test
    void copyAndSaveAsTemplateAreOfferedExactlyWhenTheServiceListsThem() throws Exception {
        String officer = get("/console/campaigns/v-1", signIn("tran.thi.lan")).body();
        assertThat(officer).contains("id=\"copy-form\"").contains("id=\"copy\"").contains("Sao chép chiến dịch")
                .contains("id=\"save-as-template\"").contains("Lưu làm mẫu");
        // the approver and the viewer read it, but the service lists neither for them
        for (String user : List.of("nguyen.van.minh", "vo.thi.mai")) {
            String page = get("/console/campaigns/v-1", signIn(user)).body();
            assertThat(page).as(user).contains("Khảo sát mức độ hài lòng 2025").doesNotContain("id=\"copy-form\"")
                    .doesNotContain("Sao chép chiến dịch").doesNotContain("id=\"save-as-template\"")
                    .doesNotContain("Lưu làm mẫu");
        }
        // the copy itself (a draft): the service lists edit, submit and cancel only
        assertThat(get("/console/campaigns/v-1-copy", signIn("tran.thi.lan")).body()).contains("id=\"submit\"")
                .doesNotContain("id=\"copy\"").doesNotContain("id=\"save-as-template\"");
    }

    @Test
    void anotherAgencysUsersAreToldItIsNotFoundAndGetNoCopyButton() throws Exception {
        HttpResponse<String> page = get("/console/campaigns/v-1", signIn("le.thi.hoa"));

        assertThat(page.body()).contains("Không tìm thấy chiến dịch.").doesNotContain("id=\"copy\"")
                .doesNotContain("Khảo sát");
    }

    // ---- the history --------------------------------------------------------------------------------------------

    @Test
    void theHistoryListsEachApprovedVersionWithWhoWhenAndWhatChangedInWordsTheCurrentOneMarked() throws Exception {
        String session = signIn("vo.thi.mai");
        String page = get("/console/campaigns/v-1", session).body();

        assertThat(page).contains("Lịch sử phiên bản");
        String second = item(page, "version-2");
        String first = item(page, "version-1");
        assertThat(second).contains("aria-current=\"true\"").contains("Phiên bản 2").contains("đang phát hành")
                .contains("phê duyệt bởi Nguyễn Văn Minh lúc 02/09/2025 15:40").doesNotContain("nguyen.van.minh")
                .contains("Thay đổi so với phiên bản trước: tiêu đề, chữ trên màn hình LED, kênh đăng, thông tin khác")
                .doesNotContain("nội dung,").doesNotContain("thời gian thực hiện");
        assertThat(first).doesNotContain("aria-current").doesNotContain("đang phát hành").contains("Phiên bản 1")
                .contains("lúc 20/08/2025 09:15").contains("(Đồng ý)").contains("Bản đầu tiên được phê duyệt.")
                .contains("phê duyệt bởi nguyen.van.minh lúc");   // approved before names were kept: the id
        assertThat(page.indexOf("id=\"version-2\"")).isLessThan(page.indexOf("id=\"version-1\""));   // newest first
        assertThat(visibleText(page)).doesNotContainPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d")
                .doesNotContain("RUNNING").doesNotContain("ledText").doesNotContain("so-noi-vu");

        String english = get("/console/campaigns/v-1?lang=en", session).body();
        assertThat(item(english, "version-2")).contains("Version 2").contains("published now")
                .contains("approved by Nguyễn Văn Minh on 02/09/2025 15:40")
                .contains("Changed since the previous version: title, LED screen text, channels, other details");
    }

    @Test
    void aVersionWaitingForReapprovalIsSaidInWordsBesideTheOneStillPublished() throws Exception {
        String page = get("/console/campaigns/v-2", signIn("vo.thi.mai")).body();

        assertThat(page).contains("id=\"pending-version\"")
                .contains("Phiên bản 2 đang chờ phê duyệt lại; phiên bản 1 vẫn đang được phát hành.");
        assertThat(item(page, "version-1")).contains("đang phát hành");
        assertThat(visibleText(page)).doesNotContain("SUBMITTED");
        assertThat(get("/console/campaigns/v-1", signIn("vo.thi.mai")).body()).doesNotContain("id=\"pending-version\"");
    }

    @Test
    void savingAnApprovedCampaignSaysTheNewVersionWaitsForApproval() throws Exception {
        String session = signIn("tran.thi.lan");
        assertThat(get("/console/campaigns/v-1/edit", session).body()).contains("id=\"new-version-hint\"")
                .contains("lưu sẽ tạo phiên bản 3, cần phê duyệt lại")
                .contains("<input type=\"hidden\" name=\"ifMatch\" value=\"7\">");   // the version it was read at
        String form = "code=SNV-KS-2025&title=" + enc("Khảo sát 2025") + "&bodyHtml=" + enc("<p>Mời</p>")
                + "&agencies=so-y-te&channels=portal&startDate=2025-09-01&endDate=2025-11-30&priority=NORMAL";

        // without the version the service refuses (428): said in its words, the form kept
        HttpResponse<String> unguarded = post("/console/campaigns/v-1", session, form);
        assertThat(unguarded.statusCode()).isEqualTo(200);
        assertThat(unguarded.body()).contains("id=\"form-error\"").contains("Cần gửi If-Match với ETag đã nhận.");

        HttpResponse<String> saved = post("/console/campaigns/v-1", session, form + "&ifMatch=7");

        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(saved.headers().firstValue("Location").orElseThrow()).endsWith("/console/campaigns/v-1");
        assertThat(RECEIVED).anyMatch(r -> r.startsWith("PUT /api/campaigns/v-1 tran.thi.lan {"));
        String page = get("/console/campaigns/v-1", flash(saved, session)).body();
        assertThat(page).contains("id=\"action-done\"")
                .contains("Đã lưu phiên bản 3. Phiên bản này đang chờ phê duyệt lại; phiên bản 2 vẫn được phát hành");
    }

    // ---- copying ------------------------------------------------------------------------------------------------

    @Test
    void copyingPostsWithTheUsersTokenAndOpensTheNewDraftInTheWizardWithItsCodeAndWindow() throws Exception {
        String session = signIn("tran.thi.lan");
        assertThat(get("/console/campaigns/v-1", session).body()).contains("id=\"copy\"").contains("Sao chép chiến dịch");

        HttpResponse<String> copied = post("/console/campaigns/v-1/copy", session, "years=1");

        assertThat(copied.statusCode()).isEqualTo(302);
        assertThat(copied.headers().firstValue("Location").orElseThrow()).endsWith("/console/campaigns/v-1-copy/edit");
        assertThat(RECEIVED).contains("POST /api/campaigns/v-1/copy tran.thi.lan {\"years\":1}");
        String wizard = get("/console/campaigns/v-1-copy/edit", flash(copied, session)).body();
        assertThat(wizard).contains("id=\"action-done\"")
                .contains("Đã sao chép thành bản nháp mới, mã SNV-KS-2026, thời gian 01/09/2026 – 30/11/2026.")
                .contains("value=\"SNV-KS-2026\"").doesNotContain("id=\"new-version-hint\"");

        // no years: the service's default (the nearest year not past), an empty body
        post("/console/campaigns/v-1/copy", session, "years=");
        assertThat(RECEIVED).contains("POST /api/campaigns/v-1/copy tran.thi.lan {}");
    }

    /** A double click (the same page's form posted twice) relays one key, so the service makes one copy. */
    @Test
    void theCopyFormCarriesAKeyOfItsPageThatTheServiceGetsAsIdempotencyKey() throws Exception {
        String session = signIn("tran.thi.lan");
        String page = get("/console/campaigns/v-1", session).body();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("name=\"requestKey\" value=\"([0-9a-f-]{36})\"").matcher(page);
        assertThat(m.find()).as("the copy form's key").isTrue();
        String key = m.group(1);
        assertThat(get("/console/campaigns/v-1", session).body()).as("each page its own key").doesNotContain(key);

        post("/console/campaigns/v-1/copy", session, "years=1&requestKey=" + key);
        post("/console/campaigns/v-1/copy", session, "years=1&requestKey=" + key);
        assertThat(KEYS.stream().filter(k -> k.equals("POST /api/campaigns/v-1/copy " + key))).hasSize(2);

        // not one of ours (a forged or mangled value): nothing is relayed as a key
        post("/console/campaigns/v-1/copy", session, "years=1&requestKey=x%0d%0aX-Evil:%201");
        assertThat(KEYS.getLast()).isEqualTo("POST /api/campaigns/v-1/copy null");
    }

    @Test
    void aCopyTheServiceRefusesIsSaidInItsWordsOnTheCampaignsPage() throws Exception {
        // approver: the page does not offer copying (not in allowedActions); a post anyway is refused by the service
        String session = signIn("nguyen.van.minh");

        HttpResponse<String> refused = post("/console/campaigns/v-1/copy", session, "");

        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location").orElseThrow()).endsWith("/console/campaigns/v-1");
        assertThat(get("/console/campaigns/v-1", flash(refused, session)).body()).contains("id=\"action-error\"")
                .contains("Không sao chép được: Chỉ cán bộ được sao chép chiến dịch.");

        String other = signIn("le.thi.hoa");   // another agency's officer: the service does not reveal it
        HttpResponse<String> elsewhere = post("/console/campaigns/v-1/copy", other, "");
        assertThat(elsewhere.headers().firstValue("Location").orElseThrow()).endsWith("/console/campaigns/v-1");
        assertThat(RECEIVED).contains("POST /api/campaigns/v-1/copy le.thi.hoa {}");
        // the campaign's page is not theirs either: it says so in the service's words
        assertThat(get("/console/campaigns/v-1", flash(elsewhere, other)).body()).contains("Không tìm thấy chiến dịch.")
                .doesNotContain("Khảo sát");
    }

    @Test
    void yearsThatAreNotAWholeNumberFromOneToFiftyAreRefusedBeforeTheServiceIsAsked() throws Exception {
        String session = signIn("tran.thi.lan");
        int before = RECEIVED.size();

        for (String years : List.of("0", "51", "một", "-1")) {
            HttpResponse<String> refused = post("/console/campaigns/v-1/copy", session, "years=" + enc(years));
            assertThat(refused.statusCode()).isEqualTo(302);
            assertThat(get("/console/campaigns/v-1", flash(refused, session)).body())
                    .contains("Số năm dời phải là số nguyên từ 1 đến 50.");
        }
        assertThat(RECEIVED.subList(before, RECEIVED.size())).noneMatch(r -> r.contains("/copy"));
    }

    /** The list item of one version, from its opening tag to its end. */
    private static String item(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as(id).isPositive();
        return page.substring(page.lastIndexOf("<li", start), page.indexOf("</li>", start));
    }

    private String signIn(String user) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(uri("/console/login")).header("Origin", self())
                        .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                        .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=demo")).build(),
                HttpResponse.BodyHandlers.ofString());
        return login.headers().firstValue("Set-Cookie").map(c -> c.split(";")[0]).orElseThrow();
    }

    private HttpResponse<String> get(String path, String session) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (session != null) {
            request.header("Cookie", session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String session, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Origin", self())
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (session != null) {
            request.header("Cookie", session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The console session with the servlet session that carries a redirect's flash message. */
    private static String flash(HttpResponse<String> redirect, String session) {
        return session + "; " + redirect.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.split(";")[0]).findFirst().orElseThrow();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private URI uri(String path) {
        return URI.create(self() + path);
    }

    private String self() {
        return "http://127.0.0.1:" + port;
    }
}
