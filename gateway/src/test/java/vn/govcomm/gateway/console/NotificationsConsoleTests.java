package vn.govcomm.gateway.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /console/notifications} and the header bell against canned campaign and reporting services that answer as
 * the real ones would for the caller in the caller token (an approver of so-noi-vu may approve cmp-wait; the
 * officer tran.thi.lan wrote cmp-ok, approved, and cmp-no, rejected; cmp-late is past its deadline): each role sees
 * its own parts and nothing else, every call carries the user's own caller token, and a service that does not answer
 * costs only its part.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=gateway")
class NotificationsConsoleTests {

    static final Instant SUBMITTED = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    static final Instant APPROVED = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
    static final Instant OLD = Instant.now().minus(40, ChronoUnit.DAYS);
    static final LocalDate DEADLINE = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh")).minusDays(3);
    static final List<String> CALLS = new CopyOnWriteArrayList<>();
    static volatile boolean reportingDown;
    static final HttpServer SERVICES = services();

    static HttpServer services() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/campaigns", exchange -> answer(exchange, "campaign-service", caller -> {
                boolean submittedOnly = "status=SUBMITTED".equals(exchange.getRequestURI().getQuery());
                if (!"so-noi-vu".equals(caller.agencyId())) {
                    return "[]";
                }
                String waiting = """
                        {"id":"cmp-wait","code":"SNV-W","notice":{"title":"Lịch tiếp công dân tháng 1"},"status":"SUBMITTED",
                         "createdBy":"tran.thi.lan","allowedActions":%s,
                         "decisions":[{"action":"submitted","actor":"tran.thi.lan","at":"%s"}]}"""
                        .formatted(caller.hasRole("approver") ? "[\"approve\",\"reject\",\"cancel\"]" : "[\"cancel\"]", SUBMITTED);
                if (submittedOnly) {
                    return "[" + waiting + "]";
                }
                return "[" + waiting + """
                        ,{"id":"cmp-ok","code":"SNV-OK","notice":{"title":"Hội nghị PAR Index"},"status":"SCHEDULED","createdBy":"tran.thi.lan",
                          "decisions":[{"action":"submitted","actor":"tran.thi.lan","at":"%1$s"},{"action":"approved","actor":"nguyen.van.minh","at":"%2$s"}]},
                         {"id":"cmp-no","code":"SNV-NO","notice":{"title":"Khảo sát hài lòng"},"status":"REJECTED","createdBy":"tran.thi.lan",
                          "decisions":[{"action":"rejected","actor":"nguyen.van.minh","reasons":["Thiếu căn cứ pháp lý","Sai ngày"],"at":"%2$s"}]},
                         {"id":"cmp-old","code":"SNV-OLD","notice":{"title":"Chiến dịch năm ngoái"},"status":"COMPLETED","createdBy":"tran.thi.lan",
                          "decisions":[{"action":"approved","actor":"nguyen.van.minh","at":"%3$s"}]},
                         {"id":"cmp-other","code":"SNV-X","notice":{"title":"Của người khác"},"status":"SCHEDULED","createdBy":"someone.else",
                          "decisions":[{"action":"approved","actor":"nguyen.van.minh","at":"%2$s"}]}]"""
                        .formatted(SUBMITTED, APPROVED, OLD);
            }));
            server.createContext("/api/reports/follow-up", exchange -> {
                if (reportingDown) {
                    try (exchange) {
                        exchange.sendResponseHeaders(503, -1);
                    }
                    return;
                }
                answer(exchange, "reporting-service", caller -> !"so-noi-vu".equals(caller.agencyId()) ? "{\"followUps\":[]}" : """
                        {"followUps":[{"campaignId":"cmp-late","code":"SNV-L","title":"Tuyên truyền cải cách hành chính",
                          "deadline":"%s","deadlinePassed":true,"targetAgencies":12,"nonCompliantAgencies":3},
                         {"campaignId":"cmp-soon","code":"SNV-S","title":"Chưa đến hạn","deadline":"%s","deadlinePassed":false,
                          "targetAgencies":4,"nonCompliantAgencies":4}]}""".formatted(DEADLINE, DEADLINE.plusDays(10)));
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface Answer {
        String body(Caller caller);
    }

    /** Answers as {@code audience} would: 401 without a valid caller token for it; the call is remembered. */
    static void answer(HttpExchange exchange, String audience, Answer answer) throws IOException {
        try (exchange) {
            Caller caller;
            try {
                caller = TestGateway.callerFor(audience, exchange.getRequestHeaders().getFirst("Authorization"));
            } catch (Exception e) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            CALLS.add(audience + " " + caller.userId() + " " + exchange.getRequestURI());
            byte[] bytes = answer.body(caller).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        TestGateway.localIssuer(registry);
        registry.add("CAMPAIGN_SERVICE_URL", () -> "http://127.0.0.1:" + SERVICES.getAddress().getPort());
        registry.add("REPORTING_SERVICE_URL", () -> "http://127.0.0.1:" + SERVICES.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        SERVICES.stop(0);
    }

    @BeforeEach
    void reset() {
        CALLS.clear();
        reportingDown = false;
    }

    @Value("${local.server.port}")
    int port;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void anonymousVisitorsAreSentToSignInAndTheBellAsksNothing() throws Exception {
        HttpResponse<String> page = get("/console/notifications", null, false);
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/console/login");
        HttpResponse<String> bell = get("/console/notifications/count", null, true);
        assertThat(bell.statusCode()).isEqualTo(401);
        assertThat(bell.headers().firstValue("HX-Redirect")).hasValue("/console/login");
        assertThat(CALLS).isEmpty();
    }

    @Test
    void anApproverSeesWhatWaitsForThemWithAnApproveButtonAndVietnameseTimes() throws Exception {
        String page = get("/console/notifications", signIn("nguyen.van.minh"), false).body();

        assertThat(page).contains("Chờ bạn duyệt").contains("Lịch tiếp công dân tháng 1")
                .contains("action=\"/console/campaigns/cmp-wait/approve\"").contains("aria-label=\"Phê duyệt chiến dịch Lịch tiếp công dân tháng 1\"")
                .contains("Gửi lúc " + vietnam(SUBMITTED)).doesNotContain(SUBMITTED.toString())
                .doesNotContain("id=\"decided\"").doesNotContain("id=\"overdue\"").contains("1 thông báo mới");
        assertThat(CALLS).containsExactly("campaign-service nguyen.van.minh /api/campaigns?status=SUBMITTED");
        assertThat(get("/console/notifications/count", signIn("nguyen.van.minh"), true).body())
                .contains("id=\"bell-count\"").contains(">1</span>").contains("1 thông báo mới");
    }

    @Test
    void anOfficerSeesTheirCampaignsDecidedRecentlyWithTheReasonsAndTheOverdueAgencies() throws Exception {
        String page = get("/console/notifications", signIn("tran.thi.lan"), false).body();

        assertThat(page).doesNotContain("id=\"waiting\"").doesNotContain("/approve\"")
                .contains("Đã được phê duyệt lúc " + vietnam(APPROVED)).contains("Hội nghị PAR Index")
                .contains("Bị từ chối lúc " + vietnam(APPROVED)).contains("Lý do: Thiếu căn cứ pháp lý; Sai ngày")
                .doesNotContain("Chiến dịch năm ngoái").doesNotContain("Của người khác")
                .contains("Tuyên truyền cải cách hành chính").contains("3 trong 12 cơ quan chưa thực hiện; hạn "
                        + DEADLINE.format(DateTimeFormatter.ofPattern("dd/MM/yyyy")))
                .contains("href=\"/console/campaigns/cmp-late#compliance-h\"").doesNotContain("Chưa đến hạn")
                .contains("3 thông báo mới");
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh"));
        assertThat(CALLS).containsExactlyInAnyOrder("campaign-service tran.thi.lan /api/campaigns",
                "reporting-service tran.thi.lan /api/reports/follow-up?from=" + today.minusDays(Notifications.RECENT_DAYS) + "&to=" + today);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"vo.thi.mai", "hoang.quoc.bao"})
    void aViewerOrAnAdminHasNoPartOfTheirOwnAndNothingIsAsked(String user) throws Exception {
        String page = get("/console/notifications", signIn(user), false).body();

        assertThat(page).contains("Không có thông báo nào.").doesNotContain("id=\"waiting\"")
                .doesNotContain("id=\"decided\"").doesNotContain("id=\"overdue\"");
        assertThat(get("/console/notifications/count", signIn(user), true).body()).doesNotContain("bell-count");
        assertThat(CALLS).isEmpty();
    }

    @Test
    void anotherAgencysApproverSeesNothingOfThisOne() throws Exception {
        String page = get("/console/notifications", signIn("pham.van.duc"), false).body();

        assertThat(page).contains("Không có chiến dịch nào chờ bạn duyệt.").doesNotContain("cmp-wait");
        assertThat(CALLS).containsExactly("campaign-service pham.van.duc /api/campaigns?status=SUBMITTED");
    }

    @Test
    void aServiceThatDoesNotAnswerCostsOnlyItsPart() throws Exception {
        reportingDown = true;
        HttpResponse<String> page = get("/console/notifications", signIn("tran.thi.lan"), false);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Chưa lấy được phần này").contains("Hội nghị PAR Index");
    }

    @Test
    void theHeaderHasTheBellOnEveryPageWithItsCountComingAfterThePage() throws Exception {
        String list = get("/console/notifications?lang=en", signIn("tran.thi.lan"), false).body();

        assertThat(list).contains("id=\"nav-notifications\"").contains("hx-get=\"/console/notifications/count\"")
                .contains("Approval results (last 14 days)").contains("Agencies past the deadline");
    }

    private static String vietnam(Instant at) {
        return DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm").format(at.atZone(ZoneId.of("Asia/Ho_Chi_Minh")));
    }

    private String signIn(String user) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(uri("/console/login")).header("Origin", self())
                        .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                        .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=demo")).build(),
                HttpResponse.BodyHandlers.ofString());
        return login.headers().firstValue("Set-Cookie").map(c -> c.split(";")[0]).orElseThrow();
    }

    private HttpResponse<String> get(String path, String session, boolean htmx) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (session != null) {
            request.header("Cookie", session);
        }
        if (htmx) {
            request.header("HX-Request", "true");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(self() + path);
    }

    private String self() {
        return "http://127.0.0.1:" + port;
    }
}
