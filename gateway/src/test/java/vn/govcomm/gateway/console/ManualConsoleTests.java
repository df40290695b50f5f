package vn.govcomm.gateway.console;

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
import vn.govcomm.identity.Caller;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manual channel's console pages (issue 17) against a canned manual adapter: the target agency's tasks, one task
 * with the confirm form for the target agency and the review form for the issuing agency, evidence relayed as
 * multipart with its file intact, decisions relayed as JSON, the evidence file relayed as a download, the service's
 * problems at their fields, its 404s as 404 pages, a service that does not answer as a clear error page. Every call
 * carries the user's caller token for the manual adapter and nothing else of the browser's request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=gateway", "govcomm.console.mailbox-url=http://127.0.0.1:9103/"})
class ManualConsoleTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final FakeManualAdapter MANUAL = new FakeManualAdapter();
    /** Not the PNG of anything: every byte value, so a re-encoding on the way would show. */
    static final byte[] PHOTO = photo();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        TestGateway.localIssuer(registry);
        registry.add("MANUAL_ADAPTER_URL", MANUAL::url);
        registry.add("CAMPAIGN_SERVICE_URL", MANUAL::url);   // the agency directory, for the names
        registry.add("REPORTING_SERVICE_URL", MANUAL::url);
        registry.add("PUBLISHING_SERVICE_URL", MANUAL::url);
    }

    @AfterAll
    static void stop() {
        MANUAL.close();
    }

    @Value("${local.server.port}")
    int port;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    // ---- the lists ---------------------------------------------------------------------------------------------

    @Test
    void anAgencyOfficerSeesItsTasksWithStateDeadlineAndLinksAskedWithItsOwnCallerTokenOnly() throws Exception {
        String session = signIn("le.thi.hoa");   // officer of so-y-te, the target agency
        int before = MANUAL.received.size();

        HttpResponse<String> page = get("/console/manual", session);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Việc cần xác nhận").contains("id=\"nav-manual\"")
                .contains("data-delivery=\"dlv-open\"").contains("data-delivery=\"dlv-review\"")
                .contains("Bảng tin Bộ phận Một cửa").contains("Minh chứng bị từ chối").contains("Chờ duyệt minh chứng")
                .contains("SNV-CCHC-2023 — Khảo sát mức độ hài lòng năm 2023")
                .contains("04/03/2027 17:00")      // the deadline in Vietnam
                .contains("title=\"Sở Nội vụ tỉnh Khánh Hòa\">Sở Nội vụ</td>")   // the issuing agency by name
                .contains("href=\"/console/manual/tasks/dlv-open\"");
        assertThat(CampaignBoardConsoleTests.visibleText(page.body())).doesNotContain("so-noi-vu").doesNotContain("so-y-te")
                .doesNotContain("AWAITING_REVIEW").doesNotContainPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d");
        // the task still waiting for the agency comes first
        assertThat(page.body().indexOf("data-delivery=\"dlv-open\"")).isLessThan(page.body().indexOf("data-delivery=\"dlv-review\""));
        FakeManualAdapter.Request asked = MANUAL.received.get(before);
        assertThat(asked.path()).isEqualTo("/api/manual/tasks");
        Caller caller = TestGateway.callerFor("manual-adapter", asked.header("authorization"));
        assertThat(caller.userId()).isEqualTo("le.thi.hoa");
        assertThat(caller.agencyId()).isEqualTo("so-y-te");
        assertThat(asked.header("cookie")).isNull();
        assertThat(asked.headers().keySet()).noneMatch(h -> h.startsWith("x-user-"));

        HttpResponse<String> filtered = get("/console/manual?state=REJECTED&lang=en", session);
        assertThat(MANUAL.last().query()).isEqualTo("state=REJECTED");
        assertThat(filtered.body()).contains("Tasks to confirm").contains("Evidence rejected").contains("lang=\"en\"");
    }

    @Test
    void theIssuingAgencyReviewsEvidenceFilteredByCampaign() throws Exception {
        String session = signIn("nguyen.van.minh");   // approver of so-noi-vu, the issuing agency

        HttpResponse<String> page = get("/console/manual/reviews", session);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(MANUAL.last().path()).isEqualTo("/api/manual/reviews");
        assertThat(MANUAL.last().query()).isEqualTo("state=AWAITING_REVIEW");
        assertThat(page.body()).contains("Minh chứng chờ duyệt").contains("id=\"nav-reviews\"")
                .contains("data-campaign=\"cmp-1\"").contains("data-campaign=\"cmp-2\"")
                .contains("<option value=\"cmp-2\">SYT-TIEMCHUNG — Tiêm chủng mở rộng</option>")
                .contains("href=\"/console/manual/tasks/dlv-review\"")
                .contains(">Sở Y tế</td>").contains(">UBND TX Ninh Hòa</td>");
        assertThat(CampaignBoardConsoleTests.visibleText(page.body())).doesNotContain("ubnd-ninh-hoa").doesNotContain("so-y-te");

        HttpResponse<String> one = get("/console/manual/reviews?campaignId=cmp-2", session);
        assertThat(one.body()).contains("data-campaign=\"cmp-2\"").doesNotContain("data-campaign=\"cmp-1\"")
                .contains("<option value=\"cmp-2\" selected=\"selected\">");
        assertThat(TestGateway.callerFor("manual-adapter", MANUAL.last().header("authorization")).agencyId())
                .isEqualTo("so-noi-vu");
    }

    // ---- one task: who gets which form -----------------------------------------------------------------------

    @Test
    void theTargetAgencyGetsTheConfirmFormAndSeesItsEvidenceHistoryEscaped() throws Exception {
        HttpResponse<String> page = get("/console/manual/tasks/dlv-open", signIn("le.thi.hoa"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"evidence-form\"").contains("enctype=\"multipart/form-data\"")
                .contains("action=\"/console/manual/tasks/dlv-open/evidence\"").contains("id=\"evidence-submit\"")
                .contains("id=\"confirm-again\"")   // rejected before: send again
                .doesNotContain("id=\"review-accept-form\"").doesNotContain("id=\"review-reject-form\"")
                .contains("04/03/2027 17:00").contains("05/12/2026 – 04/03/2027").contains("Bảng tin Bộ phận Một cửa")
                .contains("href=\"/console/addressed/cmp-1\"")
                .contains(">Sở Y tế tỉnh Khánh Hòa</dd>").contains(">Sở Nội vụ tỉnh Khánh Hòa</dd>")
                .contains("05/12/2026 09:00");   // the evidence sent at 02:00 UTC, in Vietnam
        // the history: the reviewer's words escaped, the file through the console, only http(s) links
        assertThat(page.body()).contains("Ảnh mờ &lt;b&gt;chụp lại&lt;/b&gt;").doesNotContain("<b>chụp lại</b>")
                .contains("href=\"/console/manual/tasks/dlv-open/evidence/ev-1/file\"").contains("anh-bang-tin.png")
                .contains("Từ chối").doesNotContain("javascript:alert");
        // who sent it and who reviewed it, by name
        String history = section(page.body(), "evidence-h");
        assertThat(history).contains("Lê Thị Hoa").contains("bởi Nguyễn Văn Minh lúc 05/12/2026 10:00")
                .doesNotContain("le.thi.hoa").doesNotContain("nguyen.van.minh");
    }

    /** The {@code <section>} a heading with this id labels. */
    static String section(String html, String headingId) {
        int start = html.indexOf("aria-labelledby=\"" + headingId + "\"");
        assertThat(start).as("section " + headingId).isPositive();
        return html.substring(start, html.indexOf("</section>", start));
    }

    @Test
    void theIssuingAgencyGetsTheReviewFormAndOthersOnlyTheTask() throws Exception {
        HttpResponse<String> issuer = get("/console/manual/tasks/dlv-review", signIn("nguyen.van.minh"));
        assertThat(issuer.statusCode()).isEqualTo(200);
        assertThat(issuer.body()).contains("id=\"review-accept-form\"").contains("id=\"review-reject-form\"")
                .contains("id=\"review-accept\"").contains("id=\"review-reject\"")
                .contains("action=\"/console/manual/tasks/dlv-review/review\"").doesNotContain("id=\"evidence-form\"")
                .contains("href=\"/console/campaigns/cmp-1\"")
                .contains("href=\"https://soyte.khanhhoa.gov.vn/bang-tin/khao-sat\"");
        // evidence stored before names were kept: the sender's id
        assertThat(section(issuer.body(), "evidence-h")).contains("le.thi.hoa");

        // the target agency while its evidence waits; a viewer of the issuer; the issuer on a task not yet confirmed
        for (String[] visit : new String[][]{{"le.thi.hoa", "dlv-review"}, {"vo.thi.mai", "dlv-review"},
                {"nguyen.van.minh", "dlv-open"}}) {
            HttpResponse<String> page = get("/console/manual/tasks/" + visit[1], signIn(visit[0]));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).as(visit[0] + " on " + visit[1]).doesNotContain("id=\"review-accept-form\"")
                    .doesNotContain("id=\"evidence-form\"").contains("id=\"task-waiting\"");
        }
    }

    // ---- the actions, relayed -----------------------------------------------------------------------------------

    @Test
    void evidenceIsRelayedAsMultipartWithTheFileBytesIntactAndTheUsersCallerTokenOnly() throws Exception {
        String session = signIn("le.thi.hoa");
        Multipart form = new Multipart().field("url", "https://soyte.khanhhoa.gov.vn/bang-tin/khao-sat")
                .field("note", "Đã niêm yết tại Bộ phận Một cửa, tầng 1")
                .field("publishedOn", "2026-12-06").file("file", "ảnh bảng tin.png", "image/png", PHOTO);

        HttpResponse<String> sent = postMultipart("/console/manual/tasks/dlv-open/evidence", session, form, self());

        assertThat(sent.statusCode()).isEqualTo(302);
        assertThat(sent.headers().firstValue("Location").orElseThrow()).contains("/console/manual/tasks/dlv-open");
        FakeManualAdapter.Request asked = MANUAL.last();
        assertThat(asked.method()).isEqualTo("POST");
        assertThat(asked.path()).isEqualTo("/api/manual/tasks/dlv-open/evidence");
        assertThat(asked.header("content-type")).startsWith("multipart/form-data");
        Map<String, Part> parts = Part.parse(asked.header("content-type"), asked.body());
        assertThat(parts.get("url").text()).isEqualTo("https://soyte.khanhhoa.gov.vn/bang-tin/khao-sat");
        assertThat(parts.get("note").text()).isEqualTo("Đã niêm yết tại Bộ phận Một cửa, tầng 1");
        assertThat(parts.get("publishedOn").text()).isEqualTo("2026-12-06");
        assertThat(parts.get("file").bytes()).isEqualTo(PHOTO);
        assertThat(parts.get("file").headers()).containsIgnoringCase("image/png");
        Caller caller = TestGateway.callerFor("manual-adapter", asked.header("authorization"));
        assertThat(caller.userId()).isEqualTo("le.thi.hoa");
        assertThat(caller.roles()).containsExactly("officer");
        assertThat(asked.header("cookie")).isNull();
        assertThat(asked.header("origin")).isNull();
        assertThat(follow(sent, session)).contains("Đã gửi minh chứng");
    }

    @Test
    void aProblemFromTheServiceIsShownAtItsFieldWithWhatWasTyped() throws Exception {
        String session = signIn("le.thi.hoa");
        Multipart form = new Multipart().field("url", "ftp://soyte.example/x").field("note", "ghi chú <i>giữ lại</i>")
                .field("publishedOn", "2026-12-06").file("file", "", "application/octet-stream", new byte[0]);

        HttpResponse<String> page = postMultipart("/console/manual/tasks/dlv-open/evidence", session, form, self());

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("id=\"url-error\"").contains("Đường dẫn phải bắt đầu bằng http:// hoặc https://")
                .contains("value=\"ftp://soyte.example/x\"").contains("ghi chú &lt;i&gt;giữ lại&lt;/i&gt;")
                .contains("aria-invalid=\"true\"").contains("id=\"evidence-form\"").contains("id=\"file-again\"");
        // an empty file input is not relayed as a file
        FakeManualAdapter.Request relayed = MANUAL.lastPost();
        assertThat(Part.parse(relayed.header("content-type"), relayed.body())).doesNotContainKey("file")
                .containsKeys("url", "note", "publishedOn");

        HttpResponse<String> english = postMultipart("/console/manual/tasks/dlv-open/evidence?lang=en", session, form, self());
        assertThat(english.body()).contains("The link must start with http:// or https://");
    }

    @Test
    void reviewDecisionsAreRelayedAsJsonAndAMissingReasonIsShownAtItsField() throws Exception {
        String session = signIn("nguyen.van.minh");

        HttpResponse<String> accept = postForm("/console/manual/tasks/dlv-review/review", session, "decision=ACCEPT");
        assertThat(accept.statusCode()).isEqualTo(302);
        JsonNode accepted = JSON.readTree(MANUAL.last().text());
        assertThat(MANUAL.last().path()).isEqualTo("/api/manual/tasks/dlv-review/review");
        assertThat(MANUAL.last().header("content-type")).startsWith("application/json");
        assertThat(accepted.path("decision").asString()).isEqualTo("ACCEPT");
        assertThat(accepted.has("reason")).isFalse();
        Caller caller = TestGateway.callerFor("manual-adapter", MANUAL.last().header("authorization"));
        assertThat(caller.userId()).isEqualTo("nguyen.van.minh");
        assertThat(caller.agencyId()).isEqualTo("so-noi-vu");
        assertThat(follow(accept, session)).contains("Đã chấp nhận minh chứng");

        HttpResponse<String> reject = postForm("/console/manual/tasks/dlv-review/review", session,
                "decision=REJECT&reason=" + java.net.URLEncoder.encode("Ảnh không thấy ngày niêm yết", StandardCharsets.UTF_8));
        assertThat(reject.statusCode()).isEqualTo(302);
        JsonNode rejected = JSON.readTree(MANUAL.last().text());
        assertThat(rejected.path("decision").asString()).isEqualTo("REJECT");
        assertThat(rejected.path("reason").asString()).isEqualTo("Ảnh không thấy ngày niêm yết");
        assertThat(follow(reject, session)).contains("Đã từ chối minh chứng");

        HttpResponse<String> noReason = postForm("/console/manual/tasks/dlv-review/review", session, "decision=REJECT&reason=");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("id=\"reason-error\"").contains("Cần nêu lý do từ chối")
                .contains("id=\"review-reject-form\"");
    }

    @Test
    void aStateConflictFromTheServiceIsShownOnTheTask() throws Exception {
        HttpResponse<String> page = postForm("/console/manual/tasks/dlv-open/review", signIn("nguyen.van.minh"),
                "decision=ACCEPT");
        assertThat(page.statusCode()).isEqualTo(409);
        assertThat(page.body()).contains("id=\"action-error\"").contains("Việc không ở trạng thái chờ duyệt");
    }

    @Test
    void anEvidenceFileIsRelayedAsADownloadWithTheUsersCallerToken() throws Exception {
        HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(uri("/console/manual/tasks/dlv-open/evidence/ev-1/file"))
                .header("Cookie", signIn("le.thi.hoa")).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(PHOTO);
        assertThat(file.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(file.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment")
                .contains("anh-bang-tin.png");
        assertThat(file.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(MANUAL.last().path()).isEqualTo("/api/manual/tasks/dlv-open/evidence/ev-1/file");
        assertThat(TestGateway.callerFor("manual-adapter", MANUAL.last().header("authorization")).userId())
                .isEqualTo("le.thi.hoa");

        // a type the console does not show is handed over as bytes, still as an attachment
        HttpResponse<String> html = get("/console/manual/tasks/dlv-open/evidence/ev-html/file", signIn("le.thi.hoa"));
        assertThat(html.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(html.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
    }

    @Test
    void whatTheServiceDoesNotShowIsANotFoundPage() throws Exception {
        String session = signIn("pham.van.duc");
        HttpResponse<String> page = get("/console/manual/tasks/dlv-missing", session);
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("Không tìm thấy việc này").contains("id=\"failure-reason\"")
                .contains("id=\"nav-manual\"");
        assertThat(get("/console/manual/tasks/dlv-missing/evidence/ev-1/file", session).statusCode()).isEqualTo(404);
        assertThat(postForm("/console/manual/tasks/dlv-missing/review", session, "decision=ACCEPT").statusCode())
                .isEqualTo(404);
        assertThat(get("/console/manual/tasks/dlv-missing?lang=en", session).body()).contains("This task does not exist");
    }

    @Test
    void aServiceThatDoesNotAnswerGivesAClearErrorPage() throws Exception {
        HttpResponse<String> page = get("/console/manual/tasks/dlv-down", signIn("le.thi.hoa"));
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.body()).contains("Không kết nối được dịch vụ xác nhận đăng tải").contains("id=\"failure\"");
    }

    // ---- who may come, from where -------------------------------------------------------------------------------

    @Test
    void anonymousVisitorsAreSentToSignInAndNothingIsAsked() throws Exception {
        int before = MANUAL.received.size();
        for (String path : List.of("/console/manual", "/console/manual/reviews", "/console/manual/tasks/dlv-open",
                "/console/manual/tasks/dlv-open/evidence/ev-1/file")) {
            HttpResponse<String> page = get(path, null);
            assertThat(page.statusCode()).as(path).isEqualTo(303);
            assertThat(page.headers().firstValue("Location")).hasValue("/console/login");
        }
        HttpResponse<String> post = postMultipart("/console/manual/tasks/dlv-open/evidence", null,
                new Multipart().field("url", "https://x.example"), self());
        assertThat(post.statusCode()).isEqualTo(303);
        assertThat(MANUAL.received).hasSize(before);
    }

    @Test
    void aCrossSitePostIsRefusedAndNothingIsRelayed() throws Exception {
        String session = signIn("le.thi.hoa");
        int before = MANUAL.received.size();

        HttpResponse<String> evidence = postMultipart("/console/manual/tasks/dlv-open/evidence", session,
                new Multipart().field("url", "https://evil.example/x").field("publishedOn", "2026-12-06"),
                "https://evil.example");
        HttpResponse<String> review = http.send(HttpRequest.newBuilder(uri("/console/manual/tasks/dlv-review/review"))
                .header("Cookie", signIn("nguyen.van.minh")).header("Sec-Fetch-Site", "cross-site")
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString("decision=ACCEPT")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(evidence.statusCode()).isEqualTo(403);
        assertThat(review.statusCode()).isEqualTo(403);
        assertThat(evidence.body()).contains("cross-site-request");
        assertThat(MANUAL.received).hasSize(before);
    }

    // ---- the links to the tasks ---------------------------------------------------------------------------------

    @Test
    void theBoardLinksAManualDeliveryToItsTaskAndTheNavigationToTheMailbox() throws Exception {
        String session = signIn("nguyen.van.minh");
        HttpResponse<String> board = get("/console/campaigns/cmp-1/board", session);
        assertThat(board.statusCode()).isEqualTo(200);
        assertThat(board.body()).contains("href=\"/console/manual/tasks/dlv-review\"").contains("data-testid=\"board-task-link\"");
        // only the manual delivery gets a task link
        assertThat(board.body().split("board-task-link", -1)).hasSize(2);

        HttpResponse<String> list = get("/console/manual", session);
        assertThat(list.body()).contains("id=\"nav-mailbox\"").contains("href=\"http://127.0.0.1:9103/\"")
                .contains("Hộp thư (thử nghiệm)");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    URI uri(String path) {
        return URI.create(self() + path);
    }

    String self() {
        return "http://127.0.0.1:" + port;
    }

    String signIn(String user) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(uri("/console/login")).header("Origin", self())
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=demo")).build(),
                HttpResponse.BodyHandlers.ofString());
        return login.headers().firstValue("Set-Cookie").map(c -> c.split(";")[0]).orElseThrow();
    }

    HttpResponse<String> get(String path, String session) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (session != null) {
            request.header("Cookie", session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(String path, String session, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Cookie", session).header("Origin", self())
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postMultipart(String path, String session, Multipart form, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Origin", origin)
                .header("Content-Type", "multipart/form-data; boundary=" + Multipart.BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes()));
        if (session != null) {
            request.header("Cookie", session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The page a redirect after an action leads to, with the flash message; the servlet session rides along. */
    String follow(HttpResponse<String> redirect, String session) throws Exception {
        String cookies = session;
        for (String set : redirect.headers().allValues("Set-Cookie")) {
            cookies += "; " + set.split(";")[0];
        }
        String location = redirect.headers().firstValue("Location").orElseThrow();
        return get(location.startsWith("http") ? URI.create(location).getRawPath() : location, cookies).body();
    }

    static byte[] photo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        for (int i = 0; i < 3 * 256; i++) {
            out.write(i % 256);
        }
        out.writeBytes("\r\n--not-the-boundary\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** A browser's multipart/form-data body. */
    static final class Multipart {
        static final String BOUNDARY = "----console-test-7MA4YWxkTrZu0gW";
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart field(String name, String value) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Multipart file(String name, String filename, String type, byte[] content) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                    + filename + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(content);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            return this;
        }

        byte[] bytes() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(out.toByteArray());
            all.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return all.toByteArray();
        }
    }

    /** One part of a multipart body as the service received it. */
    record Part(String headers, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** The parts by name (bytes kept exactly: the body is split as ISO-8859-1, one char per byte). */
        static Map<String, Part> parse(String contentType, byte[] body) {
            String boundary = contentType.replaceAll(".*boundary=\"?([^\";]+)\"?.*", "$1");
            String all = new String(body, StandardCharsets.ISO_8859_1);
            Map<String, Part> parts = new LinkedHashMap<>();
            String[] chunks = all.split("\r\n--" + java.util.regex.Pattern.quote(boundary));
            for (int i = 0; i < chunks.length; i++) {
                String chunk = i == 0 ? chunks[0].substring(chunks[0].indexOf(boundary) + boundary.length()) : chunks[i];
                if (chunk.startsWith("--")) {
                    break;
                }
                chunk = chunk.substring(2);   // the CRLF after the boundary
                int end = chunk.indexOf("\r\n\r\n");
                String headers = new String(chunk.substring(0, end).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                String name = headers.replaceAll("(?s).*?(?<![a-z*])name=\"([^\"]+)\".*", "$1");
                parts.put(name, new Part(headers, chunk.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1)));
            }
            return parts;
        }
    }

    /** The manual adapter (and the board's reports), canned; every request it answered is in {@link #received}. */
    static final class FakeManualAdapter implements AutoCloseable {

        record Request(String method, String path, String query, Map<String, String> headers, byte[] body) {
            String header(String name) {
                return headers.get(name.toLowerCase(Locale.ROOT));
            }

            String text() {
                return new String(body, StandardCharsets.UTF_8);
            }
        }

        static final String OPEN = """
                {"deliveryId":"dlv-open","campaignId":"cmp-1","campaignCode":"SNV-CCHC-2023",
                 "campaignTitle":"Khảo sát mức độ hài lòng năm 2023","agencyId":"so-y-te","issuingAgencyId":"so-noi-vu",
                 "endpointName":"Bảng tin Bộ phận Một cửa","kind":"one-stop-board","state":"REJECTED","attempt":1,
                 "window":{"startsAt":"2026-12-05T00:00:00+07:00","endsAt":"2027-03-05T00:00:00+07:00"},
                 "deadline":"2027-03-04T10:00:00Z",
                 "evidence":[{"evidenceId":"ev-1","url":"javascript:alert(1)","note":"Đã dán","publishedOn":"2026-12-05",
                   "file":{"name":"anh-bang-tin.png","mediaType":"image/png","sizeBytes":786,"sha256":"ab"},
                   "submittedBy":"le.thi.hoa","submittedByName":"Lê Thị Hoa","submittedAt":"2026-12-05T02:00:00Z",
                   "review":{"decision":"REJECT","reason":"Ảnh mờ <b>chụp lại</b>","by":"nguyen.van.minh",
                             "byName":"Nguyễn Văn Minh","at":"2026-12-05T03:00:00Z"}}]}""";
        static final String REVIEW = """
                {"deliveryId":"dlv-review","campaignId":"cmp-1","campaignCode":"SNV-CCHC-2023",
                 "campaignTitle":"Khảo sát mức độ hài lòng năm 2023","agencyId":"so-y-te","issuingAgencyId":"so-noi-vu",
                 "endpointName":"Loa truyền thanh phường","kind":"loudspeaker","state":"AWAITING_REVIEW","attempt":1,
                 "deadline":"2027-03-04T10:00:00Z",
                 "evidence":[{"evidenceId":"ev-2","url":"https://soyte.khanhhoa.gov.vn/bang-tin/khao-sat",
                   "publishedOn":"2026-12-06","submittedBy":"le.thi.hoa","submittedAt":"2026-12-06T02:00:00Z"}]}""";
        static final String OTHER_CAMPAIGN = """
                {"deliveryId":"dlv-tc","campaignId":"cmp-2","campaignCode":"SYT-TIEMCHUNG",
                 "campaignTitle":"Tiêm chủng mở rộng","agencyId":"ubnd-ninh-hoa","issuingAgencyId":"so-noi-vu",
                 "endpointName":"Bảng tin trạm y tế","kind":"clinic-board","state":"AWAITING_REVIEW","attempt":1,
                 "deadline":"2027-01-10T10:00:00Z","evidence":[]}""";
        static final String REPORT = """
                {"total":2,"byChannel":{"manual":{"ACCEPTED":1},"portal":{"PUBLISHED":1}},
                 "deliveries":[{"deliveryId":"dlv-review","agencyId":"so-y-te","channel":"manual","status":"ACCEPTED"},
                               {"deliveryId":"dlv-portal","agencyId":"so-y-te","channel":"portal","status":"PUBLISHED"}]}""";

        final List<Request> received = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        FakeManualAdapter() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                if (path.equals("/api/manual/tasks/dlv-down")) {
                    exchange.getResponseBody().close();   // the connection ends with no answer at all
                    exchange.close();
                    return;
                }
                try (exchange) {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    Map<String, String> headers = new TreeMap<>();
                    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
                    Request request = new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                            headers, body);
                    if (!path.equals("/api/agencies")) {   // the console reads the directory for names: not a relay
                        received.add(request);
                    }
                    Answer answer = answer(request);
                    exchange.getResponseHeaders().add("Content-Type", answer.type());
                    answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                    exchange.sendResponseHeaders(answer.status(), answer.body().length);
                    exchange.getResponseBody().write(answer.body());
                }
            });
            server.start();
        }

        record Answer(int status, String type, Map<String, String> headers, byte[] body) {
            static Answer json(int status, String json) {
                return new Answer(status, status < 400 ? "application/json" : "application/problem+json", Map.of(),
                        json.getBytes(StandardCharsets.UTF_8));
            }
        }

        private static Answer answer(Request r) {
            String get = "GET".equals(r.method()) ? r.path() : "";
            String post = "POST".equals(r.method()) ? r.path() : "";
            return switch (get.isEmpty() ? "POST " + post : "GET " + get) {
                case "GET /api/manual/tasks" -> Answer.json(200, "{\"items\":[" + REVIEW + "," + OPEN + "]}");
                case "GET /api/manual/reviews" -> Answer.json(200, "[" + REVIEW + "," + OTHER_CAMPAIGN + "]");
                case "GET /api/manual/tasks/dlv-open" -> Answer.json(200, OPEN);
                case "GET /api/manual/tasks/dlv-review" -> Answer.json(200, REVIEW);
                case "GET /api/manual/tasks/dlv-open/evidence/ev-1/file" -> new Answer(200, "image/png",
                        Map.of("Content-Disposition", "attachment; filename=\"anh-bang-tin.png\""), PHOTO);
                case "GET /api/manual/tasks/dlv-open/evidence/ev-html/file" -> new Answer(200, "text/html",
                        Map.of(), "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
                case "GET /api/reports/campaigns/cmp-1" -> Answer.json(200, REPORT);
                case "GET /api/agencies" -> Answer.json(200, Directory.AGENCIES);
                case "POST /api/manual/tasks/dlv-open/evidence" -> new String(r.body(), StandardCharsets.UTF_8).contains("ftp://")
                        ? Answer.json(400, """
                            {"status":400,"code":"validation-failed","detail":"Dữ liệu không hợp lệ. / The request has invalid fields.",
                             "errors":[{"field":"url","code":"invalid-url","message":"The link must start with http:// or https://",
                                        "messageVi":"Đường dẫn phải bắt đầu bằng http:// hoặc https://",
                                        "messageEn":"The link must start with http:// or https://"}]}""")
                        : Answer.json(201, OPEN.replace("\"REJECTED\"", "\"AWAITING_REVIEW\""));
                case "POST /api/manual/tasks/dlv-review/review" -> {
                    JsonNode decision = JSON.readTree(r.body());
                    yield "REJECT".equals(decision.path("decision").asString()) && !decision.has("reason")
                            ? Answer.json(400, """
                                {"status":400,"code":"validation-failed","detail":"Dữ liệu không hợp lệ. / The request has invalid fields.",
                                 "errors":[{"field":"reason","code":"required","message":"Give the reason",
                                            "messageVi":"Cần nêu lý do từ chối","messageEn":"Give the reason"}]}""")
                            : Answer.json(200, REVIEW);
                }
                case "POST /api/manual/tasks/dlv-open/review" -> Answer.json(409, """
                        {"status":409,"code":"wrong-state","detail":"Việc không ở trạng thái chờ duyệt. / The task is not awaiting review."}""");
                default -> Answer.json(404, """
                        {"status":404,"code":"not-found","detail":"Không tìm thấy. / Not found."}""");
            };
        }

        Request last() {
            return received.getLast();
        }

        Request lastPost() {
            return received.stream().filter(r -> r.method().equals("POST")).reduce((first, second) -> second).orElseThrow();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
