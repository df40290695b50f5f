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
import vn.govcomm.identity.CallerTokenVerifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.govcomm.gateway.console.PlanConsoleTests.DIRECTORY;
import static vn.govcomm.gateway.console.PlanConsoleTests.answer;

/**
 * The scorecard page and its files against a canned reporting service that reads scorecards as the real one does
 * for these cases: issuer Sở Nội vụ is read by its users and admins, issuer Sở Y tế by its users and admins (anyone
 * else: 404); {@code agency=} alone gives that agency's own row across issuers to its own users; a caller with no
 * platform role is refused (403). Every request the console makes is recorded with its caller token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=gateway")
class ScorecardConsoleTests {

    static final String NOT_FOUND = "{\"status\":404,\"code\":\"not-found\",\"detail\":\"Không tìm thấy. / Not found.\"}";
    static final String INVALID = "{\"status\":400,\"code\":\"invalid-period\",\"detail\":\"Kỳ không hợp lệ. / Invalid period.\"}";
    static final String ROW_SO_Y_TE = """
            {"agencyId":"so-y-te","name":"Sở Y tế tỉnh Khánh Hòa","campaigns":2,
             "channels":[{"channel":"portal","channelName":"Cổng thông tin điện tử","required":2,"onTime":1,"late":1,"missing":0,"notYetDue":0,"onTimeRate":0.5}],
             "overall":{"required":2,"onTime":1,"late":1,"missing":0,"notYetDue":0,"onTimeRate":0.5},"reminders":3,"escalations":1}""";
    static final String ROW_SO_TU_PHAP = """
            {"agencyId":"so-tu-phap","name":"Sở Tư pháp tỉnh Khánh Hòa","campaigns":2,
             "channels":[{"channel":"portal","channelName":"Cổng thông tin điện tử","required":2,"onTime":2,"late":0,"missing":0,"notYetDue":0,"onTimeRate":1.0},
                         {"channel":"facebook","channelName":"Trang Facebook","required":8,"onTime":7,"late":0,"missing":1,"notYetDue":0,"onTimeRate":0.875}],
             "overall":{"required":10,"onTime":9,"late":0,"missing":1,"notYetDue":0,"onTimeRate":0.9},"reminders":0,"escalations":0}""";
    static final String TOTALS = """
            "totals":[{"channel":"portal","channelName":"Cổng thông tin điện tử","required":4,"onTime":3,"late":1,"missing":0,"notYetDue":0,"onTimeRate":0.75},
                      {"channel":"facebook","channelName":"Trang Facebook","required":8,"onTime":7,"late":0,"missing":1,"notYetDue":0,"onTimeRate":0.875}],
            "overall":{"required":12,"onTime":10,"late":1,"missing":1,"notYetDue":0,"onTimeRate":0.8333}""";

    /** Every scorecard request: "path?query Authorization" (query decoded). */
    static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    static final HttpServer REPORTING = reporting();

    static HttpServer reporting() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/", exchange -> {
                try (exchange) {
                    String path = exchange.getRequestURI().getPath();
                    String query = exchange.getRequestURI().getRawQuery() == null ? ""
                            : URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
                    String auth = exchange.getRequestHeaders().getFirst("Authorization");
                    if (path.equals("/api/agencies")) {
                        answer(exchange, 200, DIRECTORY);
                        return;
                    }
                    RECEIVED.add(path + "?" + query + " " + auth);
                    Caller caller;
                    try {
                        caller = TestGateway.callerFor("reporting-service", auth);
                    } catch (CallerTokenVerifier.InvalidCallerTokenException e) {
                        answer(exchange, 401, "{\"status\":401}");
                        return;
                    }
                    if (query.contains("period=2025-Q9")) {
                        answer(exchange, 400, INVALID);
                        return;
                    }
                    String issuer = param(query, "issuer");
                    String agency = param(query, "agency");
                    if (issuer != null && !issuer.equals(caller.agencyId()) && !caller.isAdmin()) {
                        answer(exchange, 404, NOT_FOUND);
                        return;
                    }
                    switch (path) {
                        case "/api/reports/scorecards" -> answer(exchange, 200, agency != null ? """
                                {"period":"2025-Q1","from":"2025-01-01","to":"2025-03-31","issuer":null,"issuerName":null,
                                 "agency":"%s","asOf":"2025-04-02T03:00:00Z","campaigns":2,"agencies":[%s],%s}"""
                                .formatted(agency, agency.equals("so-y-te") ? ROW_SO_Y_TE : "", TOTALS) : """
                                {"period":"2025-Q1","from":"2025-01-01","to":"2025-03-31","issuer":"%s",
                                 "issuerName":"Sở Nội vụ tỉnh Khánh Hòa","agency":null,"asOf":"2025-04-02T03:00:00Z","campaigns":2,
                                 "agencies":[%s,%s],%s}""".formatted(issuer, ROW_SO_Y_TE, ROW_SO_TU_PHAP, TOTALS));
                        case "/api/reports/scorecards.xlsx" -> {
                            exchange.getResponseHeaders().add("Content-Type",
                                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
                            exchange.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"bang-danh-gia-2025-Q1.xlsx\"");
                            byte[] bytes = {'P', 'K', 3, 4};
                            exchange.sendResponseHeaders(200, bytes.length);
                            exchange.getResponseBody().write(bytes);
                        }
                        case "/api/reports/scorecards/print" -> {
                            byte[] bytes = "<html><body>Phụ lục</body></html>".getBytes(StandardCharsets.UTF_8);
                            exchange.getResponseHeaders().add("Content-Type", "text/html;charset=UTF-8");
                            exchange.sendResponseHeaders(200, bytes.length);
                            exchange.getResponseBody().write(bytes);
                        }
                        default -> answer(exchange, 404, NOT_FOUND);
                    }
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String param(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        TestGateway.localIssuer(registry);
        String url = "http://127.0.0.1:" + REPORTING.getAddress().getPort();
        registry.add("CAMPAIGN_SERVICE_URL", () -> url);
        registry.add("REPORTING_SERVICE_URL", () -> url);
    }

    @AfterAll
    static void stop() {
        REPORTING.stop(0);
    }

    @Value("${local.server.port}")
    int port;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void theDefaultIsTheCurrentQuarterOfTheUsersAgencyAskedWithTheUsersOwnToken() throws Exception {
        int before = RECEIVED.size();
        LocalDate today = LocalDate.now(ConsoleWords.VIETNAM);
        String quarter = today.getYear() + "-Q" + ((today.getMonthValue() - 1) / 3 + 1);

        HttpResponse<String> page = get("/console/scorecards", signIn("tran.thi.lan"));

        assertThat(page.statusCode()).isEqualTo(200);
        String call = RECEIVED.get(before);
        assertThat(call).startsWith("/api/reports/scorecards?period=" + quarter + "&issuer=so-noi-vu ");
        assertThat(TestGateway.callerFor("reporting-service", call.substring(call.indexOf("Bearer "))).userId())
                .isEqualTo("tran.thi.lan");
        assertThat(page.body()).contains("<option value=\"" + quarter + "\" selected=\"selected\">")
                .contains("id=\"nav-scorecards\"");
    }

    @Test
    void theTableShowsAgenciesWorstFirstWithRatesInVietnameseAndTheProvinceTotals() throws Exception {
        String page = get("/console/scorecards?period=2025-Q1", signIn("tran.thi.lan")).body();

        String body = table(page, "<tbody>", "</tbody>");
        assertThat(body.indexOf("Sở Y tế tỉnh Khánh Hòa")).isLessThan(body.indexOf("Sở Tư pháp tỉnh Khánh Hòa")).isNotNegative();
        String yTe = row(page, "so-y-te");
        assertThat(cells(yTe)).containsExactly("1", "Sở Y tế tỉnh Khánh Hòa", "2", "1", "1", "0", "0", "50,0\u00a0%",
                "Không yêu cầu", "1", "1", "0", "0", "50,0\u00a0%", "3", "1");
        assertThat(cells(row(page, "so-tu-phap"))).containsSequence("7", "0", "1", "0", "87,5\u00a0%");
        String totals = table(page, "<tr id=\"scorecard-totals\">", "</tr>");
        assertThat(cells(totals)).containsExactly("", "Toàn tỉnh", "2", "3", "1", "0", "0", "75,0\u00a0%",
                "7", "0", "1", "0", "87,5\u00a0%", "10", "1", "1", "0", "83,3\u00a0%", "3", "1");
        assertThat(page).contains("Quý I/2025 — từ ngày 01/01/2025 đến ngày 31/03/2025")
                .contains("Cổng thông tin điện tử").contains("Trang Facebook").contains("Sở Nội vụ tỉnh Khánh Hòa")
                .contains("href=\"/console/scorecards/export/xlsx?period=2025-Q1&amp;issuer=so-noi-vu\"")
                .contains("href=\"/console/scorecards/export/print?period=2025-Q1&amp;issuer=so-noi-vu\"");
        assertThat(CampaignBoardConsoleTests.visibleText(page)).doesNotContain("so-y-te").doesNotContain("0.875")
                .doesNotContainPattern("\\d{4}-\\d\\d-\\d\\d");
    }

    @Test
    void theScorecardIsInEnglishWithLangEn() throws Exception {
        String page = get("/console/scorecards?period=2025-Q1&lang=en", signIn("nguyen.van.minh")).body();

        assertThat(cells(row(page, "so-tu-phap"))).containsSequence("7", "0", "1", "0", "87.5\u00a0%");
        assertThat(page).contains("Whole province").contains("On-time rate").contains("Facebook Page")
                .contains("Q1/2025 — 01/01/2025 to 31/03/2025").doesNotContain("Toàn tỉnh");
    }

    @Test
    void anAgencyUserSeesItsOwnRowAcrossIssuers() throws Exception {
        int before = RECEIVED.size();

        HttpResponse<String> page = get("/console/scorecards?period=2025-Q1&agency=so-y-te", signIn("le.thi.hoa"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(RECEIVED.get(before)).startsWith("/api/reports/scorecards?period=2025-Q1&agency=so-y-te ");
        assertThat(row(page.body(), "so-y-te")).contains("Sở Y tế tỉnh Khánh Hòa");
        assertThat(page.body()).doesNotContain("data-agency=\"so-tu-phap\"")
                .contains("href=\"/console/scorecards/export/xlsx?period=2025-Q1&amp;agency=so-y-te\"")
                .contains("<option value=\"all\" selected=\"selected\">");
    }

    @Test
    void anIssuerTheUserMayNotReadIsTheNotFoundPageAsTheReportingServiceSays() throws Exception {
        HttpResponse<String> refused = get("/console/scorecards?period=2025-Q1&issuer=so-y-te", signIn("tran.thi.lan"));
        HttpResponse<String> file = get("/console/scorecards/export/xlsx?period=2025-Q1&issuer=so-y-te", signIn("tran.thi.lan"));
        HttpResponse<String> read = get("/console/scorecards?period=2025-Q1&issuer=so-y-te", signIn("pham.van.duc"));

        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).contains("Không tìm thấy bảng đánh giá này").doesNotContain("id=\"scorecard\"");
        assertThat(file.statusCode()).isEqualTo(404);
        assertThat(file.body()).isEqualTo("Không tìm thấy. / Not found.");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("id=\"scorecard-totals\"");
    }

    @Test
    void aPeriodTheServiceRefusesShowsTheFormAgainWithItsWords() throws Exception {
        HttpResponse<String> page = get("/console/scorecards?period=2025-Q9", signIn("tran.thi.lan"));

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("id=\"scorecard-form\"").contains("Kỳ không hợp lệ. / Invalid period.")
                .doesNotContain("id=\"scorecard\"");
    }

    @Test
    void theFilesAreRelayedWithTheSameQueryAndTheUsersToken() throws Exception {
        String session = signIn("tran.thi.lan");
        int before = RECEIVED.size();

        HttpResponse<byte[]> xlsx = http.send(HttpRequest.newBuilder(uri("/console/scorecards/export/xlsx?from=2025-01-01&to=2025-02-15&issuer=all"))
                .header("Cookie", session).build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<String> print = get("/console/scorecards/export/print?period=2025", session);
        HttpResponse<String> unknown = get("/console/scorecards/export/pdf?period=2025", session);

        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.body()).startsWith((byte) 'P', (byte) 'K');
        assertThat(xlsx.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"bang-danh-gia-2025-Q1.xlsx\"");
        assertThat(print.body()).contains("Phụ lục");
        assertThat(unknown.statusCode()).isEqualTo(404);
        List<String> asked = RECEIVED.subList(before, RECEIVED.size());
        assertThat(asked).hasSize(2);
        assertThat(asked.get(0)).startsWith("/api/reports/scorecards.xlsx?from=2025-01-01&to=2025-02-15 ");
        assertThat(asked.get(1)).startsWith("/api/reports/scorecards/print?period=2025&issuer=so-noi-vu ");
        assertThat(TestGateway.callerFor("reporting-service", asked.get(0).substring(asked.get(0).indexOf("Bearer "))).userId())
                .isEqualTo("tran.thi.lan");
    }

    @Test
    void anAnonymousBrowserIsSentToSignInAndTheServiceIsNotAsked() throws Exception {
        int before = RECEIVED.size();

        HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri("/console/scorecards")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> file = http.send(HttpRequest.newBuilder(uri("/console/scorecards/export/xlsx")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(List.of(page.statusCode(), file.statusCode())).containsOnly(303);
        assertThat(RECEIVED.subList(before, RECEIVED.size())).isEmpty();
    }

    /** The text of each cell of a row, in order. */
    static List<String> cells(String row) {
        return java.util.Arrays.stream(row.split("</t[dh]>")).filter(c -> c.contains("<t"))
                .map(c -> c.replaceAll("(?s).*<t[dh][^>]*>", "").replaceAll("<[^>]*>", "").strip()).toList();
    }

    static String row(String page, String agency) {
        int at = page.indexOf("data-agency=\"" + agency + "\"");
        assertThat(at).as("row of %s", agency).isNotNegative();
        return page.substring(at, page.indexOf("</tr>", at));
    }

    static String table(String page, String start, String end) {
        int at = page.indexOf(start);
        assertThat(at).as(start).isNotNegative();
        return page.substring(at, page.indexOf(end, at));
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
