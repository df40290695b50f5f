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
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One campaign's page and board against canned services: campaign {@code c-1} runs (published, in the reports with
 * nine deliveries of four agencies), {@code c-2} is known to the reporting service but not published yet, {@code c-9}
 * is known to the campaign service only. The board relays its paging and its status and channel filters to the
 * report, narrows to agencies itself, re-sends one delivery through the publisher, and says every outcome and refusal
 * in words; agencies by name, times in Vietnam, statuses as words, never ids or enum names. Exports are the reporting
 * service's files as they come. Cancelling: the button only for those the campaign service would let cancel, a
 * confirmation step with the reason, the outcome and refusals in words.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=gateway")
class CampaignBoardConsoleTests {

    static final String NOT_FOUND = "{\"status\":404,\"code\":\"not-found\",\"detail\":\"Không tìm thấy. / Not found: publication.\"}";
    static final String NOT_RESENDABLE = """
            {"status":409,"code":"delivery-not-resendable","detail":"Chỉ gửi lại được lượt phát hành THẤT BẠI, HẾT HẠN hoặc \
            ĐANG THỬ LẠI (hiện tại: PUBLISHED). / Only FAILED, EXPIRED or RETRYING deliveries can be re-sent (current status: \
            PUBLISHED)."}""";
    static final String DIRECTORY = """
            [{"agencyId":"bhxh-tinh","name":"Bảo hiểm xã hội tỉnh Khánh Hòa","shortName":"BHXH tỉnh"},
             {"agencyId":"so-noi-vu","name":"Sở Nội vụ tỉnh Khánh Hòa","shortName":"Sở Nội vụ"},
             {"agencyId":"so-y-te","name":"Sở Y tế tỉnh Khánh Hòa","shortName":"Sở Y tế",
              "endpoints":[{"endpointId":"so-y-te.facebook","channel":"facebook","displayName":"Fanpage Sở Y tế"}]},
             {"agencyId":"ubnd-nha-trang","name":"Ủy ban nhân dân thành phố Nha Trang","shortName":"UBND TP Nha Trang"},
             {"agencyId":"x-suoi-tan","name":"Ủy ban nhân dân xã Suối Tân","shortName":"UBND X. Suối Tân"}]""";
    /** The report's rows of c-1, in its order (agency id, then delivery id). */
    static final List<String[]> ROWS = List.of(
            row("bhxh-tinh", "portal", "PUBLISHED"), row("bhxh-tinh", "zalo", "FAILED"),
            row("so-y-te", "facebook", "FAILED"), row("so-y-te", "manual", "ACCEPTED"), row("so-y-te", "portal", "PUBLISHED"),
            row("so-y-te", "zalo", "EXPIRED"), row("ubnd-nha-trang", "facebook", "RETRYING"),
            row("ubnd-nha-trang", "portal", "PUBLISHED"), row("x-suoi-tan", "portal", "PENDING"));
    /** The fake answers at most this many rows a page whatever it is asked (the console must follow the cursor). */
    static final int CAP = 2;

    static final String CANNOT_CANCEL = """
            {"status":409,"code":"invalid-transition","detail":"Không thể thực hiện 'cancel' khi chiến dịch đang ở trạng \
            thái COMPLETED. / Cannot cancel a campaign in status COMPLETED."}""";
    static final String NOT_ALLOWED = """
            {"status":403,"code":"officer-or-approver-required","detail":"Chỉ cán bộ hoặc người phê duyệt của cơ quan ban \
            hành được hủy. / Only the issuing agency's officers or approvers can cancel."}""";
    static final String REASON_TOO_LONG = """
            {"status":400,"code":"validation-failed","detail":"Dữ liệu không hợp lệ. / The request has invalid fields.",
             "errors":[{"field":"comment","code":"too-long","messageVi":"Tối đa 4000 ký tự","messageEn":"At most 4000 characters"}]}""";

    /** Every request the services got: "METHOD path?query Authorization". */
    static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    /** The bodies of the cancel requests the campaign service got, in order. */
    static final List<String> CANCELS = new CopyOnWriteArrayList<>();
    static final HttpServer SERVICES = services();

    static String[] row(String agency, String channel, String status) {
        return new String[]{"d-" + agency + "-" + channel, agency, channel, status};
    }

    static HttpServer services() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/", exchange -> {
                try (exchange) {
                    String path = exchange.getRequestURI().getPath();
                    String query = exchange.getRequestURI().getRawQuery();
                    String request = exchange.getRequestMethod() + " " + path;
                    if (!request.equals("GET /api/agencies")) {   // the directory is read for the names: not a relay
                        RECEIVED.add(request + (query == null ? "" : "?" + query) + " "
                                + exchange.getRequestHeaders().getFirst("Authorization"));
                    }
                    switch (request) {
                        case "GET /api/agencies" -> answer(exchange, 200, DIRECTORY);
                        case "GET /api/campaigns" -> answer(exchange, 200, "[" + CAMPAIGN + "]");
                        case "GET /api/campaigns/c-1" -> answer(exchange, 200, CAMPAIGN);
                        case "GET /api/campaigns/c-3" -> answer(exchange, 200, """
                                {"id":"c-3","code":"SNV-3","status":"COMPLETED","issuingAgencyId":"so-noi-vu","notice":{"title":"Đã xong"}}""");
                        // the reason decides the fake's answer: "quá dài" → a field problem, "muộn" → wrong state
                        case "POST /api/campaigns/c-1/cancel" -> {
                            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                            CANCELS.add(body);
                            if (body.contains("quá dài")) {
                                answer(exchange, 400, REASON_TOO_LONG);
                            } else if (body.contains("muộn")) {
                                answer(exchange, 409, CANNOT_CANCEL);
                            } else {
                                answer(exchange, 200, CAMPAIGN.replace("RUNNING", "CANCELLED"));
                            }
                        }
                        case "POST /api/campaigns/c-9/cancel" -> answer(exchange, 403, NOT_ALLOWED);
                        // a campaign service that sends allowedActions: the console shows what it lists, nothing else
                        case "GET /api/campaigns/c-4" -> answer(exchange, 200, """
                                {"id":"c-4","code":"SNV-4","status":"APPROVED","issuingAgencyId":"so-noi-vu","notice":{"title":"Đã duyệt"},
                                 "allowedActions":["edit","cancel"]}""");
                        case "GET /api/campaigns/c-5" -> answer(exchange, 200, """
                                {"id":"c-5","code":"SNV-5","status":"RUNNING","issuingAgencyId":"so-noi-vu","notice":{"title":"Đang chạy"},
                                 "allowedActions":[]}""");
                        case "GET /api/campaigns/c-9" -> answer(exchange, 200, """
                                {"id":"c-9","code":"SNV-9","status":"APPROVED","issuingAgencyId":"so-noi-vu","notice":{"title":"Thông báo"}}""");
                        case "GET /api/publications/c-1" -> answer(exchange, 200, """
                                {"campaignId":"c-1","deliveries":9,"byStatus":{"PUBLISHED":3,"FAILED":2,"EXPIRED":1,"RETRYING":1,
                                 "ACCEPTED":1,"PENDING":1},"unanswered":0}""");
                        case "GET /api/reports/campaigns/c-1" -> answer(exchange, 200, report(query));
                        case "GET /api/reports/campaigns/c-2" -> answer(exchange, 200, """
                                {"total":1,"byStatus":{"PENDING":1},"byChannel":{"portal":{"PENDING":1}},
                                 "deliveries":[{"deliveryId":"d-x","agencyId":"so-y-te","channel":"portal","status":"PENDING"}]}""");
                        case "GET /api/reports/campaigns/c-2/compliance" -> answer(exchange, 200, """
                                {"channels":["portal"],"agencies":[{"agencyId":"so-y-te","name":"Sở Y tế","state":"IN_PROGRESS",
                                 "cells":{"portal":{"state":"PENDING"}}}]}""");
                        case "POST /api/publications/c-1/deliveries/d-so-y-te-facebook/resend" -> answer(exchange, 200, """
                                {"_id":"d-so-y-te-facebook","campaignId":"c-1","agencyId":"so-y-te","channel":"facebook",
                                 "endpointId":"so-y-te.facebook","status":"PENDING","attempt":2}""");
                        case "POST /api/publications/c-1/deliveries/d-bhxh-tinh-zalo/resend" -> answer(exchange, 409, NOT_RESENDABLE);
                        case "POST /api/publications/c-1/resend-failed" -> answer(exchange, 200, """
                                {"campaignId":"c-1","resent":2,"skipped":["d-so-y-te-zalo"]}""");
                        case "GET /api/reports/campaigns/c-1/export/deliveries.csv" -> {
                            exchange.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"chi-tiet-c-1.csv\"");
                            byte[] bytes = "\uFEFFCơ quan,Kênh\r\nso-y-te,portal\r\n".getBytes(StandardCharsets.UTF_8);
                            exchange.getResponseHeaders().add("Content-Type", "text/csv;charset=UTF-8");
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

    static final String CAMPAIGN = """
            {"id":"c-1","code":"SNV-CCHC-2026","status":"RUNNING","issuingAgencyId":"so-noi-vu",
             "notice":{"title":"Khảo sát mức độ hài lòng"},"targets":[{"agencyId":"so-y-te"}],
             "window":{"startsAt":"2026-12-04T17:00:00Z","endsAt":"2027-03-04T17:00:00Z"},
             "publishAt":"2026-12-05T01:30:00Z","deadline":"2027-03-04T17:00:00Z","updatedAt":"2026-12-01T03:00:00Z",
             "decisions":[{"action":"submitted","actor":"tran.thi.lan","at":"2026-12-01T02:00:00Z"},
                          {"action":"approved","actor":"nguyen.van.minh","actorName":"Nguyễn Văn Minh","comment":"Đồng ý",
                           "at":"2026-12-01T03:00:00Z"},
                          {"action":"started","actor":"system","at":"2026-12-05T01:30:00Z"}]}""";

    /** The reporting service's report of c-1: channel, status, after, size honoured; at most {@link #CAP} rows a page. */
    static String report(String rawQuery) {
        Map<String, String> q = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(kv[0], URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
            }
        }
        List<String[]> matching = ROWS.stream().filter(r -> !q.containsKey("channel") || r[2].equals(q.get("channel")))
                .filter(r -> !q.containsKey("status") || r[3].equals(q.get("status"))).toList();
        String after = q.get("after");
        int from = after == null ? 0 : (int) matching.stream().filter(r -> r[0].compareTo(after) <= 0).count();
        int size = Math.min(CAP, Integer.parseInt(q.getOrDefault("size", "100")));
        List<String[]> page = matching.subList(Math.min(from, matching.size()), Math.min(from + size, matching.size()));
        List<String> rows = new ArrayList<>();
        for (String[] r : page) {
            rows.add("""
                    {"deliveryId":"%s","agencyId":"%s","channel":"%s","endpointId":"%s.%s","status":"%s","attempt":1,
                     "statusAt":"2026-12-04T17:30:00.000Z","permalink":"https://example.gov.vn/%s"}"""
                    .formatted(r[0], r[1], r[2], r[1], r[2], r[3], r[0]));
        }
        String next = from + size < matching.size() ? "\"" + page.getLast()[0] + "\"" : "null";
        return """
                {"campaignId":"c-1","total":9,"byStatus":{"ACCEPTED":1,"EXPIRED":1,"FAILED":2,"PENDING":1,"PUBLISHED":3,"RETRYING":1},
                 "byChannel":{"portal":{"PENDING":1,"PUBLISHED":3},"facebook":{"FAILED":1,"RETRYING":1},
                              "zalo":{"EXPIRED":1,"FAILED":1},"manual":{"ACCEPTED":1}},
                 "deliveries":[%s],"nextCursor":%s}""".formatted(String.join(",", rows), next);
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

    // ---- people's words ---------------------------------------------------------------------------------------

    @Test
    void theDecisionHistorySaysWhoByNameTheIdOnlyForOlderRecordsAndTheClockInWords() throws Exception {
        String page = get("/console/campaigns/c-1", signIn("tran.thi.lan")).body();
        String history = visibleText(section(page, "decisions-h")).replaceAll("\\s+", " ");

        assertThat(history).contains("Phê duyệt — Nguyễn Văn Minh : Đồng ý")
                .contains("Trình phê duyệt — tran.thi.lan")            // recorded before names were kept: the id
                .contains("Bắt đầu đăng tải — Hệ thống (tự động)")
                .doesNotContain("nguyen.van.minh").doesNotContain("system");
        String english = visibleText(section(get("/console/campaigns/c-1?lang=en", signIn("tran.thi.lan")).body(),
                "decisions-h")).replaceAll("\\s+", " ");
        assertThat(english).contains("Approved — Nguyễn Văn Minh").contains("Started — System (automatic)");
    }

    /** The {@code <section>} a heading with this id labels. */
    static String section(String html, String headingId) {
        int start = html.indexOf("aria-labelledby=\"" + headingId + "\"");
        assertThat(start).as("section " + headingId).isPositive();
        return html.substring(start, html.indexOf("</section>", start));
    }

    @Test
    void theCampaignPageAndListShowNamesVietnameseTimesAndWordsNeverIdsOrUtcInstants() throws Exception {
        String session = signIn("nguyen.van.minh");

        String page = get("/console/campaigns/c-1", session).body();
        String list = get("/console/?month=2026-12", session).body();

        assertThat(page).contains("Sở Nội vụ tỉnh Khánh Hòa").contains("05/12/2026 – 04/03/2027")
                .contains("05/12/2026 08:30")                            // publishAt in Vietnam
                .contains("01/12/2026 10:00").contains("Phê duyệt").contains("Đang chạy").contains("aria-hidden=\"true\">▶");
        // the window starts at 00:00 in Vietnam: the list shows that day (not the UTC day before) and so does the calendar
        assertThat(list).contains("05/12/2026 – 04/03/2027").contains("title=\"Sở Nội vụ tỉnh Khánh Hòa\">Sở Nội vụ<")
                .doesNotContain("04/12/2026").contains("tháng 12/2026");
        assertThat(calendarDays(list)).startsWith(5).endsWith(31);
        for (String html : List.of(page, list)) {
            assertThat(visibleText(html)).doesNotContainPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d")
                    .doesNotContain("so-noi-vu").doesNotContain("RUNNING").doesNotContain("approved");
        }

        String english = get("/console/campaigns/c-1?lang=en", session).body();
        assertThat(english).contains("05/12/2026 – 04/03/2027").contains("Running").contains("Approved")
                .contains("Sở Nội vụ tỉnh Khánh Hòa");
    }

    @Test
    void theBoardShowsOnePageOfDeliveriesByNameWithStatusWordsSignsLinksAndTheNextPage() throws Exception {
        String session = signIn("tran.thi.lan");   // officer of so-noi-vu, the issuing agency
        int before = RECEIVED.size();

        String board = get("/console/campaigns/c-1/board?size=25", session).body();

        List<String> asked = RECEIVED.subList(before, RECEIVED.size());
        assertThat(asked).anyMatch(r -> r.startsWith("GET /api/reports/campaigns/c-1?size=25 Bearer "));
        assertThat(rows(board)).containsExactly("d-bhxh-tinh-portal", "d-bhxh-tinh-zalo");
        assertThat(board).contains("BHXH tỉnh").contains("title=\"Bảo hiểm xã hội tỉnh Khánh Hòa\"")
                .contains("Đã đăng").contains("Lỗi").contains("aria-hidden=\"true\">✗").contains("tone-bad")
                .contains("05/12/2026 00:30")                                       // statusAt in Vietnam
                .contains("href=\"https://example.gov.vn/d-bhxh-tinh-portal\"")
                .contains("9 lượt đăng khớp bộ lọc (tổng 9 lượt).")
                .contains("id=\"next-page\"").contains("href=\"/console/campaigns/c-1?size=25&amp;after=d-bhxh-tinh-zalo&amp;page=2#deliveries-h\"");
        // the re-send button only where the publisher would re-send (FAILED, EXPIRED, RETRYING)
        assertThat(board).contains("action=\"/console/campaigns/c-1/deliveries/d-bhxh-tinh-zalo/resend?size=25\"")
                .doesNotContain("deliveries/d-bhxh-tinh-portal/resend");
        assertThat(visibleText(board)).doesNotContainPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d")
                .doesNotContain("bhxh-tinh").doesNotContain("FAILED").doesNotContain("PUBLISHED");
        Caller caller = TestGateway.callerFor("reporting-service",
                asked.stream().filter(r -> r.startsWith("GET /api/reports/campaigns/c-1?")).findFirst().orElseThrow()
                        .replaceAll("^.* (Bearer .*)$", "$1"));
        assertThat(caller.userId()).isEqualTo("tran.thi.lan");

        // the next page: the cursor goes to the report as it came
        String second = get("/console/campaigns/c-1/board?size=25&after=d-bhxh-tinh-zalo&page=2", session).body();
        assertThat(RECEIVED).anyMatch(r -> r.startsWith("GET /api/reports/campaigns/c-1?after=d-bhxh-tinh-zalo&size=25 "));
        assertThat(rows(second)).containsExactly("d-so-y-te-facebook", "d-so-y-te-manual");
        assertThat(second).contains("Trang 2.").contains("id=\"first-page\"").contains("Fanpage Sở Y tế")
                .contains("href=\"/console/manual/tasks/d-so-y-te-manual\"");
    }

    @Test
    void theStatusAndChannelFiltersAreTheReportsOwn() throws Exception {
        String session = signIn("tran.thi.lan");
        int before = RECEIVED.size();

        String board = get("/console/campaigns/c-1/board?status=FAILED&channel=zalo", session).body();

        assertThat(RECEIVED.subList(before, RECEIVED.size()))
                .anyMatch(r -> r.startsWith("GET /api/reports/campaigns/c-1?channel=zalo&status=FAILED&size=50 "));
        assertThat(rows(board)).containsExactly("d-bhxh-tinh-zalo");
        assertThat(board).contains("1 lượt đăng khớp bộ lọc (tổng 9 lượt).").doesNotContain("id=\"next-page\"");

        // what is not a status or channel is not relayed
        int later = RECEIVED.size();
        get("/console/campaigns/c-1/board?status=%24where&channel=fax", session);
        assertThat(RECEIVED.subList(later, RECEIVED.size()))
                .anyMatch(r -> r.startsWith("GET /api/reports/campaigns/c-1?size=50 "));
    }

    /** The report has no agency filter: the board follows its cursor and keeps the wanted agencies' rows. */
    @Test
    void anAgencySearchByNameFollowsTheReportsPagesAndStopsAfterTheLastWantedAgency() throws Exception {
        String session = signIn("tran.thi.lan");
        int before = RECEIVED.size();

        String board = get("/console/campaigns/c-1/board?q=so%20y%20te", session).body();   // "Sở Y tế", typed plainly

        assertThat(rows(board)).containsExactly("d-so-y-te-facebook", "d-so-y-te-manual", "d-so-y-te-portal", "d-so-y-te-zalo");
        List<String> reads = RECEIVED.subList(before, RECEIVED.size()).stream()
                .filter(r -> r.startsWith("GET /api/reports/campaigns/c-1?")).map(r -> r.substring(0, r.indexOf(" Bearer"))).toList();
        // pages of the report, each after the last row read, and none after the rows of ubnd-nha-trang began
        assertThat(reads).containsExactly("GET /api/reports/campaigns/c-1?size=1000",
                "GET /api/reports/campaigns/c-1?after=d-bhxh-tinh-zalo&size=1000",
                "GET /api/reports/campaigns/c-1?after=d-so-y-te-manual&size=1000",
                "GET /api/reports/campaigns/c-1?after=d-so-y-te-zalo&size=1000");
        assertThat(board).contains("1 cơ quan khớp tìm kiếm.").doesNotContain("id=\"next-page\"").doesNotContain("ubnd-nha-trang-");

        // one agency (the compliance grid's link) with a page of two: the next page starts after the second row
        String one = get("/console/campaigns/c-1/board?agency=so-y-te&size=25", session).body();
        assertThat(rows(one)).hasSize(4);
        String none = get("/console/campaigns/c-1/board?q=kh%C3%B4ng%20c%C3%B3", session).body();
        assertThat(rows(none)).isEmpty();
        assertThat(none).contains("Không có cơ quan nào khớp “không có”.");
    }

    // ---- re-sending -------------------------------------------------------------------------------------------

    @Test
    void aResendOfOneDeliveryIsThePublishersAndComesBackToTheSamePageInWords() throws Exception {
        String session = signIn("tran.thi.lan");

        HttpResponse<String> resend = post("/console/campaigns/c-1/deliveries/d-so-y-te-facebook/resend?status=FAILED&after=d-x&page=2",
                session);

        assertThat(resend.statusCode()).isEqualTo(302);
        String asked = RECEIVED.stream().filter(r -> r.startsWith("POST /api/publications/c-1/deliveries/d-so-y-te-facebook/resend "))
                .reduce((a, b) -> b).orElseThrow();
        Caller caller = TestGateway.callerFor("notice-publishing-service", asked.substring(asked.indexOf("Bearer ")));
        assertThat(caller.userId()).isEqualTo("tran.thi.lan");
        assertThat(resend.headers().firstValue("Location").orElseThrow())
                .endsWith("/console/campaigns/c-1?status=FAILED&after=d-x&page=2#board-h");
        String back = resend.headers().firstValue("Location").orElseThrow().replaceAll("#.*$", "");
        String page = get(URI.create(back).getRawPath() + "?" + URI.create(back).getRawQuery(), session + "; " + flash(resend)).body();
        assertThat(page).contains("id=\"action-done\">Đã gửi lại lượt đăng của Sở Y tế (Fanpage Sở Y tế), lần thứ 2.</p>")
                .contains("hx-get=\"/console/campaigns/c-1/board?status=FAILED&amp;after=d-x&amp;page=2\"");
    }

    @Test
    void aResendThePublisherRefusesIsSaidInWordsNotInItsStatusNames() throws Exception {
        String session = signIn("tran.thi.lan");

        HttpResponse<String> refused = post("/console/campaigns/c-1/deliveries/d-bhxh-tinh-zalo/resend", session);
        String page = get("/console/campaigns/c-1", session + "; " + flash(refused)).body();

        assertThat(page).contains("id=\"action-error\">Lượt đăng này không còn ở trạng thái lỗi, hết hạn hay đang thử lại");
        assertThat(visibleText(page)).doesNotContain("PUBLISHED").doesNotContain("THẤT BẠI");
        HttpResponse<String> english = post("/console/campaigns/c-1/deliveries/d-bhxh-tinh-zalo/resend?lang=en", session);
        assertThat(get("/console/campaigns/c-1?lang=en", session + "; " + flash(english)).body())
                .contains("This delivery is no longer failed, expired or being retried");
        // a campaign the publisher does not show: its code has words too
        HttpResponse<String> unknown = post("/console/campaigns/c-9/resend-failed", session);
        assertThat(get("/console/campaigns/c-9", session + "; " + flash(unknown)).body())
                .contains("id=\"action-error\">Chiến dịch chưa được phát hành, hoặc bạn không được xem chiến dịch này.</p>");
    }

    @Test
    void reSendingAllFailedSaysHowManyWentAndHowManyCouldNot() throws Exception {
        String session = signIn("tran.thi.lan");

        HttpResponse<String> resend = post("/console/campaigns/c-1/resend-failed", session);

        assertThat(get("/console/campaigns/c-1", session + "; " + flash(resend)).body())
                .contains("id=\"action-done\">Đã gửi lại 2 lượt đăng lỗi; 1 lượt không gửi lại được");
    }

    @Test
    void aViewerSeesTheBoardWithoutResendButtons() throws Exception {
        String board = get("/console/campaigns/c-1/board?status=FAILED", signIn("vo.thi.mai")).body();

        assertThat(rows(board)).isNotEmpty();
        assertThat(board).doesNotContain("/resend");
    }

    // ---- cancelling ------------------------------------------------------------------------------------------

    @Test
    void withoutAllowedActionsTheCancelButtonIsShownOnlyToThoseTheCampaignServiceWouldLetCancel() throws Exception {
        // c-1 and c-3 come from a service without allowedActions: the console's former reading of its rule
        // officers and approvers of the issuing agency, while the campaign runs
        for (String user : List.of("tran.thi.lan", "nguyen.van.minh")) {
            assertThat(get("/console/campaigns/c-1", signIn(user)).body()).as(user)
                    .contains("id=\"cancel\"").contains("href=\"/console/campaigns/c-1/cancel\"").contains("Hủy chiến dịch");
        }
        // a viewer of that agency, another agency's officer, an admin
        for (String user : List.of("vo.thi.mai", "le.thi.hoa", "hoang.quoc.bao")) {
            assertThat(get("/console/campaigns/c-1", signIn(user)).body()).as(user).doesNotContain("id=\"cancel\"");
        }
        // a completed campaign: no button, and its confirmation goes back to the campaign saying why
        String officer = signIn("tran.thi.lan");
        assertThat(get("/console/campaigns/c-3", officer).body()).doesNotContain("id=\"cancel\"");
        HttpResponse<String> confirm = get("/console/campaigns/c-3/cancel", officer);
        assertThat(confirm.statusCode()).isEqualTo(302);
        assertThat(confirm.headers().firstValue("Location").orElseThrow()).endsWith("/console/campaigns/c-3");
        assertThat(get("/console/campaigns/c-3", officer + "; " + flash(confirm)).body())
                .contains("id=\"action-error\">Bạn không hủy được chiến dịch này");
    }

    @Test
    void theButtonsAreTheCampaignServicesAllowedActionsWhenItSendsThem() throws Exception {
        String officer = signIn("tran.thi.lan");
        String approved = get("/console/campaigns/c-4", officer).body();
        assertThat(approved).contains("id=\"edit\"").contains("href=\"/console/campaigns/c-4/edit\"").contains("id=\"cancel\"")
                .doesNotContain("id=\"submit\"").doesNotContain("id=\"approve\"").doesNotContain("id=\"reject\"");
        // running, of the officer's agency (the former rule would offer cancel): the service lists nothing
        String running = get("/console/campaigns/c-5", officer).body();
        assertThat(running).contains("id=\"actions-h\"").doesNotContain("id=\"cancel\"").doesNotContain("id=\"edit\"");
        HttpResponse<String> confirm = get("/console/campaigns/c-5/cancel", officer);
        assertThat(confirm.statusCode()).isEqualTo(302);
        assertThat(confirm.headers().firstValue("Location").orElseThrow()).endsWith("/console/campaigns/c-5");
        assertThat(get("/console/campaigns/c-4/cancel", officer).body()).contains("data-testid=\"cancel-form\"");
    }

    @Test
    void cancellingAsksForConfirmationThenRelaysTheReasonAndSaysTheOutcome() throws Exception {
        String session = signIn("tran.thi.lan");
        int before = RECEIVED.size();

        String confirm = get("/console/campaigns/c-1/cancel", session).body();

        assertThat(confirm).contains("data-testid=\"cancel-form\"").contains("action=\"/console/campaigns/c-1/cancel\"")
                .contains("Khảo sát mức độ hài lòng").contains("Không hoàn tác được").contains("<textarea id=\"reason\"")
                .contains("id=\"cancel-confirm\"").contains("href=\"/console/campaigns/c-1\"");
        assertThat(RECEIVED.subList(before, RECEIVED.size())).noneMatch(r -> r.startsWith("POST "));

        HttpResponse<String> cancelled = post("/console/campaigns/c-1/cancel", session,
                "reason=" + URLEncoder.encode("  Trùng lịch với đợt khảo sát của tỉnh ", StandardCharsets.UTF_8));

        assertThat(cancelled.statusCode()).isEqualTo(302);
        assertThat(cancelled.headers().firstValue("Location").orElseThrow()).endsWith("/console/campaigns/c-1");
        assertThat(CANCELS.getLast()).isEqualTo("{\"reason\":\"Trùng lịch với đợt khảo sát của tỉnh\"}");
        String asked = RECEIVED.stream().filter(r -> r.startsWith("POST /api/campaigns/c-1/cancel ")).reduce((a, b) -> b).orElseThrow();
        assertThat(TestGateway.callerFor("campaign-service", asked.substring(asked.indexOf("Bearer "))).userId())
                .isEqualTo("tran.thi.lan");
        assertThat(get("/console/campaigns/c-1", session + "; " + flash(cancelled)).body())
                .contains("id=\"action-done\">Đã hủy chiến dịch.");

        // no reason: none sent; the outcome in English with lang=en
        HttpResponse<String> english = post("/console/campaigns/c-1/cancel?lang=en", session, "reason=");
        assertThat(CANCELS.getLast()).isEqualTo("{}");
        assertThat(get("/console/campaigns/c-1?lang=en", session + "; " + flash(english)).body())
                .contains("id=\"action-done\">The campaign was cancelled.");
    }

    @Test
    void aCancelTheCampaignServiceRefusesIsSaidInWords() throws Exception {
        String session = signIn("tran.thi.lan");

        HttpResponse<String> late = post("/console/campaigns/c-1/cancel", session, "reason=qu%C3%A1+mu%E1%BB%99n");
        String page = get("/console/campaigns/c-1", session + "; " + flash(late)).body();
        assertThat(page).contains("id=\"action-error\">Chiến dịch đã kết thúc hoặc đã bị hủy: không hủy được nữa.</p>");
        assertThat(visibleText(page)).doesNotContain("COMPLETED").doesNotContain("'cancel'");
        HttpResponse<String> lateEn = post("/console/campaigns/c-1/cancel?lang=en", session, "reason=qu%C3%A1+mu%E1%BB%99n");
        assertThat(get("/console/campaigns/c-1?lang=en", session + "; " + flash(lateEn)).body())
                .contains("id=\"action-error\">The campaign has ended or was already cancelled: it cannot be cancelled.</p>");

        HttpResponse<String> notAllowed = post("/console/campaigns/c-9/cancel", session, "reason=");
        assertThat(get("/console/campaigns/c-9", session + "; " + flash(notAllowed)).body())
                .contains("id=\"action-error\">Chỉ cán bộ, người phê duyệt của cơ quan ban hành hoặc người soạn được hủy chiến dịch.</p>");

        // a reason the service refuses: back to the confirmation with what was typed and the problem at the field
        HttpResponse<String> tooLong = post("/console/campaigns/c-1/cancel", session, "reason=l%C3%BD+do+qu%C3%A1+d%C3%A0i");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("data-testid=\"cancel-form\"").contains(">lý do quá dài</textarea>")
                .contains("id=\"reason-error\" data-testid=\"reason-error\">Tối đa 4000 ký tự</span>")
                .contains("aria-describedby=\"reason-error\"");
        assertThat(post("/console/campaigns/c-1/cancel?lang=en", session, "reason=l%C3%BD+do+qu%C3%A1+d%C3%A0i").body())
                .contains(">At most 4000 characters</span>");
    }

    @Test
    void aCrossSiteCancelIsRefusedAndNothingIsRelayed() throws Exception {
        String session = signIn("tran.thi.lan");
        int before = CANCELS.size();

        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(uri("/console/campaigns/c-1/cancel"))
                .header("Cookie", session).header("Origin", "https://evil.example")
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString("reason=x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("cross-site-request");
        assertThat(CANCELS).hasSize(before);
    }

    // ---- what the services do not know yet; exports -------------------------------------------------------------

    @Test
    void theBoardLeavesOutWhatTheServicesDoNotKnowYet() throws Exception {
        String session = signIn("nguyen.van.minh");

        String known = get("/console/campaigns/c-2/board", session).body();
        String unknown = get("/console/campaigns/c-9/board", session).body();

        assertThat(known).contains("id=\"no-progress\"").contains("id=\"by-channel\"")
                .contains("id=\"compliance\"").contains("Sở Y tế").contains("Đang thực hiện").doesNotContain("class=\"error\"");
        assertThat(unknown).contains("id=\"no-progress\"").doesNotContain("id=\"by-channel\"")
                .doesNotContain("id=\"compliance\"").contains("Bảng tuân thủ chưa có").doesNotContain("class=\"error\"");
    }

    @Test
    void anExportIsTheReportingServicesFileAskedWithTheUsersCallerToken() throws Exception {
        HttpResponse<byte[]> csv = http.send(HttpRequest.newBuilder(uri("/console/campaigns/c-1/export/csv"))
                .header("Cookie", signIn("nguyen.van.minh")).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"chi-tiet-c-1.csv\"");
        assertThat(new String(csv.body(), StandardCharsets.UTF_8)).isEqualTo("\uFEFFCơ quan,Kênh\r\nso-y-te,portal\r\n");
        String asked = RECEIVED.stream().filter(r -> r.startsWith("GET /api/reports/campaigns/c-1/export/deliveries.csv "))
                .reduce((first, second) -> second).orElseThrow();
        Caller caller = TestGateway.callerFor("reporting-service", asked.substring(asked.indexOf("Bearer ")));
        assertThat(caller.userId()).isEqualTo("nguyen.van.minh");
    }

    @Test
    void anExportTheReportingServiceRefusesIsItsStatusAndWordsNotAConsoleMadeFile() throws Exception {
        String session = signIn("nguyen.van.minh");
        int before = RECEIVED.size();

        HttpResponse<String> refused = get("/console/campaigns/c-9/export/csv", session);
        HttpResponse<String> unknownKind = get("/console/campaigns/c-1/export/pdf", session);

        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
        assertThat(refused.body()).isEqualTo("Không tìm thấy. / Not found: publication.");
        assertThat(unknownKind.statusCode()).isEqualTo(404);
        assertThat(unknownKind.body()).isEqualTo("Định dạng xuất này chưa có. / This export format is not available yet.");
        assertThat(RECEIVED.subList(before, RECEIVED.size())).singleElement().asString()
                .startsWith("GET /api/reports/campaigns/c-9/export/deliveries.csv ");
    }

    @Test
    void aPrintViewTheReportingServiceDoesNotHaveIsAPageInWordsWithoutTheServicesIds() throws Exception {
        HttpResponse<String> print = get("/console/campaigns/c-9/export/print", signIn("nguyen.van.minh"));

        assertThat(print.statusCode()).isEqualTo(404);
        assertThat(print.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
        // its own policy: the print views' inline styles, no script (the console's policy left them unstyled)
        assertThat(print.headers().firstValue("Content-Security-Policy")).hasValue(SecurityHeaders.PRINT_POLICY);
        assertThat(get("/console/campaigns/c-1", signIn("nguyen.van.minh")).headers().firstValue("Content-Security-Policy")
                .orElseThrow()).contains("style-src 'self'").doesNotContain("style-src 'unsafe-inline'");
        assertThat(print.body()).startsWith("<!DOCTYPE html><html lang=\"vi\">")
                .contains("Chưa có bản in: báo cáo của chiến dịch có sau khi chiến dịch được phê duyệt và bắt đầu phát hành.")
                .contains("<a href=\"/console/campaigns/c-9\">Về trang chiến dịch</a>")
                .doesNotContain("publication").doesNotContain("Not found");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** The delivery ids of the board's rows, in order. */
    static List<String> rows(String board) {
        return Pattern.compile("data-delivery=\"([^\"]+)\">\\s*<td>").matcher(board).results().map(m -> m.group(1)).toList();
    }

    /** The days of the month the calendar marks for the campaign. */
    static List<Integer> calendarDays(String list) {
        String row = list.substring(list.indexOf("<table class=\"cal\""));
        row = row.substring(row.indexOf("<tbody>"), row.indexOf("</tr>", row.indexOf("<tbody>")));
        List<Integer> days = new ArrayList<>();
        List<String> cells = Pattern.compile("<td[^>]*>").matcher(row).results().map(m -> m.group()).toList();
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).contains("class=\"on\"")) {
                days.add(i + 1);
            }
        }
        return days;
    }

    /** The page's text as a reader sees it: no tags, no attributes, no scripts. */
    static String visibleText(String html) {
        return html.replaceAll("(?s)<script.*?</script>", " ").replaceAll("(?s)<head>.*?</head>", " ")
                .replaceAll("(?s)<[^>]*>", " ");
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

    private HttpResponse<String> post(String path, String session) throws Exception {
        return post(path, session, "");
    }

    private HttpResponse<String> post(String path, String session, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Cookie", session).header("Origin", self())
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The flash message's session cookie set by a redirect. */
    private static String flash(HttpResponse<String> redirect) {
        return redirect.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.split(";")[0]).findFirst().orElseThrow();
    }

    private URI uri(String path) {
        return URI.create(self() + path);
    }

    private String self() {
        return "http://127.0.0.1:" + port;
    }
}
