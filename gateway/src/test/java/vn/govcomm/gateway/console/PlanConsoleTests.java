package vn.govcomm.gateway.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.gateway.TestGateway;
import vn.govcomm.identity.Caller;
import vn.govcomm.identity.CallerTokenVerifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan view, the wizard's plan task and the campaign's task against canned services. The fake campaign service
 * reads plans as the real one does for these cases: the 2025 plan (issued by UBND tỉnh) is read by everyone here, this
 * year's plan of Sở Y tế only by Sở Y tế and admins (anyone else: 404). Task 28 of 2025 (lead Sở Nội vụ, quarter II,
 * late) has three campaigns: one the reporting service reports (12 of 52 agencies), one it does not know yet (404) and
 * one it will not show (403). Each task carries the caller's {@code allowedActions} as the real service computes them
 * ({@link #CREATE_CAMPAIGN}): the console offers "create a campaign for this task" from them alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=gateway")
class PlanConsoleTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int THIS_YEAR = LocalDate.now(ConsoleWords.VIETNAM).getYear();
    static final String SO_Y_TE_PLAN = "kh-so-y-te-" + THIS_YEAR;
    static final String NOT_FOUND = "{\"status\":404,\"code\":\"not-found\",\"detail\":\"Không tìm thấy. / Not found.\"}";
    static final String DIRECTORY = """
            [{"agencyId":"so-noi-vu","name":"Sở Nội vụ tỉnh Khánh Hòa","shortName":"Sở Nội vụ"},
             {"agencyId":"so-y-te","name":"Sở Y tế tỉnh Khánh Hòa","shortName":"Sở Y tế"},
             {"agencyId":"so-tu-phap","name":"Sở Tư pháp tỉnh Khánh Hòa","shortName":"Sở Tư pháp"},
             {"agencyId":"ubnd-tinh","name":"Ủy ban nhân dân tỉnh Khánh Hòa","shortName":"UBND tỉnh"},
             {"agencyId":"so-ke-hoach-dau-tu","name":"Sở Kế hoạch và Đầu tư tỉnh Khánh Hòa","shortName":"Sở KH&ĐT"},
             {"agencyId":"van-phong-ubnd-tinh","name":"Văn phòng UBND tỉnh Khánh Hòa","shortName":"VP UBND tỉnh"}]""";
    static final String PLAN_2025 = """
            {"id":"kh-2025","version":1,"year":2025,"issuingAgencyId":"ubnd-tinh",
             "title":"Kế hoạch tuyên truyền cải cách hành chính năm 2025",
             "legalBasis":{"number":"244/QĐ-UBND","date":"2025-01-24","issuer":"Ủy ban nhân dân tỉnh Khánh Hòa"},
             "today":"%1$s-12-05","dueTasks":0,"lateTasks":1,
             "tasks":[
              {"id":"kh-2025-t28","number":28,"title":"Hội nghị phân tích các Chỉ số PAR Index, SIPAS",
               "schedule":{"kind":"QUARTER","months":[4,5,6],"words":"Dự kiến trong quý II/2025"},
               "leadAgencyId":"so-noi-vu","coordinatingAgencyIds":["so-ke-hoach-dau-tu","van-phong-ubnd-tinh"],
               "coordinatingAgencyNames":["Các cơ quan liên quan"],"dueFrom":"2025-04-01","dueBy":"2025-06-30",
               "due":false,"late":true,
               "campaigns":[
                {"id":"c-1","code":"SNV-PAR-2025","title":"Hội nghị PAR Index","issuingAgencyId":"so-noi-vu",
                 "status":"RUNNING","startsAt":"2025-04-30T17:00:00Z","endsAt":"2025-05-31T17:00:00Z","carriedOut":true},
                {"id":"c-2","code":"SNV-PAR-2","title":"Bản nháp","issuingAgencyId":"so-noi-vu","status":"SUBMITTED",
                 "startsAt":"2025-05-31T17:00:00Z","endsAt":"2025-06-29T17:00:00Z","carriedOut":false},
                {"id":"c-3","code":"SYT-PAR","title":"Của Sở Y tế","issuingAgencyId":"so-y-te","status":"COMPLETED",
                 "startsAt":"2025-05-31T17:00:00Z","endsAt":"2025-06-29T17:00:00Z","carriedOut":true}]},
              {"id":"kh-2025-t29","number":29,"title":"Hội nghị công bố Chỉ số DDCI",
               "schedule":{"kind":"QUARTER","months":[1,2,3],"words":"Quý I/2025"},
               "leadAgencyId":"so-ke-hoach-dau-tu","coordinatingAgencyIds":[],"coordinatingAgencyNames":["Các Sở, ngành"],
               "dueFrom":"2025-01-01","dueBy":"2025-03-31","due":true,"late":false,"campaigns":[]},
              {"id":"kh-2025-t02","number":2,"title":"Tuyên truyền thường xuyên",
               "schedule":{"kind":"YEAR_ROUND","months":[1,2,3,4,5,6,7,8,9,10,11,12],"words":"Thường xuyên"},
               "leadAgencyName":"Các cơ quan, đơn vị, địa phương","coordinatingAgencyIds":[],"coordinatingAgencyNames":[],
               "due":false,"late":false,"campaigns":[]}]}""".formatted(THIS_YEAR);
    static final String PLAN_SO_Y_TE = """
            {"id":"%1$s","version":1,"year":%2$d,"issuingAgencyId":"so-y-te","title":"Kế hoạch truyền thông y tế năm %2$d",
             "legalBasis":{"number":"12/KH-SYT","date":"%2$d-01-10"},"today":"%2$d-12-05","dueTasks":1,"lateTasks":0,
             "tasks":[
              {"id":"%1$s-t01","number":1,"title":"Tuyên truyền tiêm chủng","schedule":{"kind":"MONTH","months":[12],"words":"Tháng 12"},
               "leadAgencyId":"so-noi-vu","coordinatingAgencyIds":[],"coordinatingAgencyNames":[],"due":true,"late":false,"campaigns":[]},
              {"id":"%1$s-t02","number":2,"title":"Phổ biến pháp luật y tế","schedule":{"kind":"MONTH","months":[3],"words":"Tháng 3"},
               "leadAgencyId":"so-tu-phap","coordinatingAgencyIds":[],"coordinatingAgencyNames":[],"due":false,"late":false,"campaigns":[]}]}"""
            .formatted(SO_Y_TE_PLAN, THIS_YEAR);

    /**
     * The tasks on which the campaign service answers {@code allowedActions: ["create-campaign"]}, per user: officers of
     * the plan's issuing agency or of the task's lead (Sở Nội vụ leads task 28 of 2025; Sở Y tế issues its own plan).
     */
    static final Map<String, Set<String>> CREATE_CAMPAIGN = Map.of(
            "tran.thi.lan", Set.of("kh-2025-t28", SO_Y_TE_PLAN + "-t01"),
            "le.thi.hoa", Set.of(SO_Y_TE_PLAN + "-t01", SO_Y_TE_PLAN + "-t02"));

    /** Every request the services got but the directory: "METHOD path?query Authorization". */
    static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    /** The campaign bodies the campaign service got. */
    static final List<String> CREATED = new CopyOnWriteArrayList<>();
    static final HttpServer SERVICES = services();

    static HttpServer services() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/", exchange -> {
                try (exchange) {
                    String path = exchange.getRequestURI().getPath();
                    String query = exchange.getRequestURI().getRawQuery();
                    String auth = exchange.getRequestHeaders().getFirst("Authorization");
                    String request = exchange.getRequestMethod() + " " + path;
                    if (!request.equals("GET /api/agencies")) {
                        RECEIVED.add(request + (query == null ? "" : "?" + query) + " " + auth);
                    }
                    switch (request) {
                        case "GET /api/agencies" -> answer(exchange, 200, DIRECTORY);
                        case "GET /api/plans" -> {
                            List<String> plans = readsSoYTe(auth) ? List.of(summary(PLAN_2025), summary(PLAN_SO_Y_TE))
                                    : List.of(summary(PLAN_2025));
                            answer(exchange, 200, plans.stream()
                                    .filter(p -> query == null || query.equals("year=" + JSON.readTree(p).path("year").asInt()))
                                    .toList().toString());
                        }
                        case "GET /api/plans/kh-2025" -> answer(exchange, 200, withActions(PLAN_2025, auth));
                        case "GET /api/reports/campaigns/c-1/compliance" -> answer(exchange, 200, """
                                {"campaignId":"c-1","channels":["portal"],"totals":{"agencies":52,"complied":12,"nonCompliant":3,
                                 "inProgress":37},"agencies":[]}""");
                        case "GET /api/reports/campaigns/c-3/compliance" -> answer(exchange, 403,
                                "{\"status\":403,\"code\":\"forbidden\",\"detail\":\"Không được xem. / Forbidden.\"}");
                        case "GET /api/campaigns/cmp-linked" -> answer(exchange, 200, """
                                {"id":"cmp-linked","code":"SNV-PAR","status":"DRAFT","issuingAgencyId":"so-noi-vu",
                                 "notice":{"title":"Hội nghị PAR Index"},"planTaskId":"kh-2025-t28"}""");
                        case "GET /api/campaigns/cmp-other" -> answer(exchange, 200, """
                                {"id":"cmp-other","code":"SYT-1","status":"DRAFT","issuingAgencyId":"so-y-te",
                                 "notice":{"title":"Tiêm chủng"},"planTaskId":"%s-t01"}""".formatted(SO_Y_TE_PLAN));
                        case "POST /api/campaigns" -> {
                            CREATED.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                            answer(exchange, 201, "{\"id\":\"cmp-new\"}");
                        }
                        default -> {
                            if (path.equals("/api/plans/" + SO_Y_TE_PLAN) && readsSoYTe(auth)) {
                                answer(exchange, 200, withActions(PLAN_SO_Y_TE, auth));
                            } else {
                                answer(exchange, 404, NOT_FOUND);
                            }
                        }
                    }
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The campaign service's rule for Sở Y tế's plan: its own agency and admins read it. */
    static boolean readsSoYTe(String authorization) {
        try {
            Caller caller = TestGateway.callerFor("campaign-service", authorization);
            return "so-y-te".equals(caller.agencyId()) || caller.isAdmin();
        } catch (CallerTokenVerifier.InvalidCallerTokenException e) {
            return false;
        }
    }

    /** The plan as the caller gets it: each task with the caller's {@code allowedActions}. */
    static String withActions(String plan, String authorization) {
        String user;
        try {
            user = TestGateway.callerFor("campaign-service", authorization).userId();
        } catch (CallerTokenVerifier.InvalidCallerTokenException e) {
            throw new IllegalStateException("the gateway forwarded no valid caller token", e);
        }
        ObjectNode answer = (ObjectNode) JSON.readTree(plan);
        answer.path("tasks").forEach(task -> {
            ArrayNode actions = ((ObjectNode) task).putArray("allowedActions");
            if (CREATE_CAMPAIGN.getOrDefault(user, Set.of()).contains(task.path("id").asString())) {
                actions.add("create-campaign");
            }
        });
        return answer.toString();
    }

    static String summary(String plan) {
        JsonNode p = JSON.readTree(plan);
        return """
                {"id":"%s","version":1,"year":%d,"issuingAgencyId":"%s","title":"%s","legalBasis":%s,"tasks":%d,
                 "dueTasks":%d,"lateTasks":%d}""".formatted(p.path("id").asString(), p.path("year").asInt(),
                p.path("issuingAgencyId").asString(), p.path("title").asString(), p.path("legalBasis"),
                p.path("tasks").size(), p.path("dueTasks").asInt(), p.path("lateTasks").asInt());
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

    // ---- the plan view ----------------------------------------------------------------------------------------

    @Test
    void aTaskRowShowsItsQuartersScheduleAgenciesByNameLateBadgeAndItsCampaignsWithTheirProgress() throws Exception {
        String session = signIn("tran.thi.lan");
        int before = RECEIVED.size();

        HttpResponse<String> page = get("/console/plans/kh-2025", session);

        assertThat(page.statusCode()).isEqualTo(200);
        String task28 = row(page.body(), 28);
        assertThat(markedQuarters(task28)).containsExactly(2);
        assertThat(task28).contains("Dự kiến trong quý II/2025").contains("Sở Nội vụ tỉnh Khánh Hòa")
                .contains("Phối hợp: Sở Kế hoạch và Đầu tư tỉnh Khánh Hòa; Văn phòng UBND tỉnh Khánh Hòa; Các cơ quan liên quan")
                .contains("data-testid=\"task-late\"").doesNotContain("data-testid=\"task-due\"")
                .contains("href=\"/console/campaigns/c-1\"").contains("SNV-PAR-2025 — Hội nghị PAR Index")
                .contains("Đang chạy").contains("Chờ phê duyệt").contains("Đã kết thúc")
                .contains("01/05/2025 – 31/05/2025");
        // progress: c-1 from the reporting service; c-2 unknown there (404) and c-3 not shown to this user (403): none
        assertThat(progress(task28)).containsExactly("12/52 cơ quan đã đăng");
        assertThat(markedQuarters(row(page.body(), 29))).containsExactly(1);
        assertThat(row(page.body(), 29)).contains("data-testid=\"task-due\"").contains("Sở Kế hoạch và Đầu tư tỉnh Khánh Hòa")
                .contains("Chưa có chiến dịch.");
        assertThat(markedQuarters(row(page.body(), 2))).containsExactly(1, 2, 3, 4);
        assertThat(row(page.body(), 2)).contains("Các cơ quan, đơn vị, địa phương");
        assertThat(page.body()).contains("244/QĐ-UBND · 24/01/2025").contains("Ủy ban nhân dân tỉnh Khánh Hòa")
                .contains("1 quá hạn").contains("id=\"nav-plans\"");
        assertThat(CampaignBoardConsoleTests.visibleText(page.body()))
                .doesNotContainPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d").doesNotContain("so-noi-vu")
                .doesNotContain("ubnd-tinh").doesNotContain("RUNNING").doesNotContain("QUARTER");
        // each campaign's compliance asked with the user's own caller token for the reporting service
        List<String> asked = RECEIVED.subList(before, RECEIVED.size());
        for (String campaign : List.of("c-1", "c-2", "c-3")) {
            String call = asked.stream().filter(r -> r.startsWith("GET /api/reports/campaigns/" + campaign + "/compliance "))
                    .findFirst().orElseThrow();
            assertThat(TestGateway.callerFor("reporting-service", call.substring(call.indexOf("Bearer "))).userId())
                    .isEqualTo("tran.thi.lan");
        }
    }

    @Test
    void thePlanViewIsInEnglishWithLangEn() throws Exception {
        String page = get("/console/plans/kh-2025?lang=en", signIn("nguyen.van.minh")).body();

        assertThat(row(page, 28)).contains("12/52 agencies published").contains(">late<").contains("Running")
                .contains("Sở Nội vụ tỉnh Khánh Hòa");
        assertThat(page).contains("Quarter 2").contains("Tasks by quarter");
    }

    @Test
    void aPlanTheUserMayNotReadIsTheNotFoundPageAsTheApiSays() throws Exception {
        HttpResponse<String> refused = get("/console/plans/" + SO_Y_TE_PLAN, signIn("tran.thi.lan"));
        HttpResponse<String> unknown = get("/console/plans/no-such-plan", signIn("hoang.quoc.bao"));
        HttpResponse<String> read = get("/console/plans/" + SO_Y_TE_PLAN, signIn("pham.van.duc"));

        for (HttpResponse<String> page : List.of(refused, unknown)) {
            assertThat(page.statusCode()).isEqualTo(404);
            assertThat(page.body()).contains("Không tìm thấy kế hoạch này").doesNotContain("Tuyên truyền tiêm chủng");
        }
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("Tuyên truyền tiêm chủng");
    }

    @Test
    void anAnonymousBrowserIsSentToSignInAndNoServiceIsAsked() throws Exception {
        int before = RECEIVED.size();

        HttpResponse<String> list = http.send(HttpRequest.newBuilder(uri("/console/plans")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> plan = http.send(HttpRequest.newBuilder(uri("/console/plans/kh-2025")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(List.of(list.statusCode(), plan.statusCode())).containsOnly(303);
        assertThat(plan.headers().firstValue("Location")).hasValue("/console/login");
        assertThat(RECEIVED.subList(before, RECEIVED.size())).isEmpty();
    }

    @Test
    void thePlansListShowsThisYearByDefaultAndLinksEveryYearThatHasPlans() throws Exception {
        String session = signIn("le.thi.hoa");

        String thisYear = get("/console/plans", session).body();
        String of2025 = get("/console/plans?year=2025", session).body();

        assertThat(thisYear).contains("Kế hoạch truyền thông năm " + THIS_YEAR).contains("Kế hoạch truyền thông y tế năm " + THIS_YEAR)
                .doesNotContain("Kế hoạch tuyên truyền cải cách hành chính năm 2025")
                .contains("href=\"/console/plans?year=2025\"").contains("2025 (1)").contains("Sở Y tế tỉnh Khánh Hòa");
        assertThat(of2025).contains("href=\"/console/plans/kh-2025\"").contains("244/QĐ-UBND · 24/01/2025")
                .contains("Ủy ban nhân dân tỉnh Khánh Hòa").contains("1 quá hạn")
                .doesNotContain("Kế hoạch truyền thông y tế");
        String other = get("/console/plans", signIn("tran.thi.lan")).body();
        assertThat(other).contains("id=\"plans-empty\"").contains("href=\"/console/plans?year=2025\"");
    }

    /**
     * Who gets "create a campaign for this task" on which task: exactly the tasks whose {@code allowedActions} (the
     * campaign service's answer to that user) has {@code create-campaign}: none for approvers, viewers and admins,
     * nor for Sở Y tế's officer on task 28 of 2025, whose plan it may read but not link to.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "tran.thi.lan    | kh-2025 | 28",
            "nguyen.van.minh | kh-2025 | ''",
            "vo.thi.mai      | kh-2025 | ''",
            "le.thi.hoa      | kh-2025 | ''",
            "pham.van.duc    | kh-2025 | ''",
            "hoang.quoc.bao  | kh-2025 | ''",
            "le.thi.hoa      | SO_Y_TE | 1 2",
            "pham.van.duc    | SO_Y_TE | ''",
            "hoang.quoc.bao  | SO_Y_TE | ''"})
    void theCreateButtonIsOfferedOnlyOnTasksTheUserMayLinkTo(String user, String plan, String tasks) throws Exception {
        String planId = plan.equals("SO_Y_TE") ? SO_Y_TE_PLAN : plan;

        String page = get("/console/plans/" + planId, signIn(user)).body();

        List<Integer> expected = tasks.isBlank() ? List.of() : Arrays.stream(tasks.split(" ")).map(Integer::parseInt).toList();
        assertThat(buttons(page)).containsExactlyInAnyOrderElementsOf(expected.stream()
                .map(n -> "/console/campaigns/new?planTaskId=" + planId + "-t" + (n < 10 ? "0" + n : n)).toList());
    }

    // ---- the wizard and the campaign page ---------------------------------------------------------------------

    @Test
    void theTasksButtonOpensTheWizardWithTheTaskChosenAmongTheTasksTheUserMayLink() throws Exception {
        String page = get("/console/campaigns/new?planTaskId=kh-2025-t28", signIn("tran.thi.lan")).body();

        String select = page.substring(page.indexOf("<select id=\"planTaskId\""), page.indexOf("</select>", page.indexOf("<select id=\"planTaskId\"")));
        assertThat(select).contains("<option value=\"\">Không thuộc kế hoạch nào</option>")
                .containsPattern("<option value=\"kh-2025-t28\" selected=\"selected\">28\\. Hội nghị phân tích")
                .contains("label=\"Kế hoạch tuyên truyền cải cách hành chính năm 2025\"")
                .doesNotContain("kh-2025-t29").doesNotContain("kh-2025-t02");
        // this year's plans: Sở Nội vụ leads task 1 of Sở Y tế's plan, which it cannot read here (the fake's rule)
        assertThat(select).doesNotContain(SO_Y_TE_PLAN);
        String hoa = get("/console/campaigns/new", signIn("le.thi.hoa")).body();
        assertThat(hoa).contains("value=\"" + SO_Y_TE_PLAN + "-t01\"").contains("value=\"" + SO_Y_TE_PLAN + "-t02\"")
                .doesNotContain("kh-2025-t28").doesNotContain("selected=\"selected\">1.");
    }

    @Test
    void theChosenTaskIsPostedAsPlanTaskIdAndNoneIsLeftOut() throws Exception {
        String session = signIn("tran.thi.lan");

        HttpResponse<String> linked = create(session, "kh-2025-t28");
        HttpResponse<String> none = create(session, "");

        assertThat(linked.statusCode()).isEqualTo(302);
        assertThat(linked.headers().firstValue("Location").orElseThrow()).endsWith("/console/campaigns/cmp-new");
        assertThat(JSON.readTree(CREATED.get(CREATED.size() - 2)).path("planTaskId").asString()).isEqualTo("kh-2025-t28");
        assertThat(none.statusCode()).isEqualTo(302);
        assertThat(JSON.readTree(CREATED.getLast()).has("planTaskId")).isFalse();
    }

    @Test
    void theCampaignPageNamesItsTaskAndLinksThePlanOrSaysNothingMoreWhenThePlanIsNotReadable() throws Exception {
        String linked = get("/console/campaigns/cmp-linked", signIn("tran.thi.lan")).body();
        String hidden = get("/console/campaigns/cmp-other", signIn("tran.thi.lan")).body();
        String shown = get("/console/campaigns/cmp-other", signIn("le.thi.hoa")).body();

        assertThat(linked).contains("Nhiệm vụ số 28: Hội nghị phân tích các Chỉ số PAR Index, SIPAS")
                .contains("href=\"/console/plans/kh-2025#task-28\"");
        assertThat(hidden).contains("Một nhiệm vụ của kế hoạch mà bạn không được xem.").doesNotContain("id=\"campaign-plan-link\"")
                .doesNotContain(SO_Y_TE_PLAN);
        assertThat(shown).contains("Nhiệm vụ số 1: Tuyên truyền tiêm chủng")
                .contains("href=\"/console/plans/" + SO_Y_TE_PLAN + "#task-1\"");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** The HTML of task {@code number}'s row. */
    static String row(String page, int number) {
        int start = page.indexOf("id=\"task-" + number + "\"");
        assertThat(start).as("row of task %d", number).isPositive();
        return page.substring(start, page.indexOf("</tr>", start));
    }

    /** The quarters (1–4) a row marks. */
    static List<Integer> markedQuarters(String row) {
        return Pattern.compile("<td[^>]*data-quarter=\"(\\d)\"[^>]*>").matcher(row).results()
                .filter(m -> m.group().contains("class=\"on\"")).map(m -> Integer.parseInt(m.group(1))).toList();
    }

    static List<String> progress(String row) {
        return Pattern.compile("data-testid=\"campaign-progress\">([^<]*)<").matcher(row).results().map(m -> m.group(1)).toList();
    }

    static List<String> buttons(String page) {
        return Pattern.compile("data-testid=\"task-create-campaign\"\\s+href=\"([^\"]+)\"").matcher(page).results()
                .map(m -> m.group(1)).toList();
    }

    private HttpResponse<String> create(String session, String planTaskId) throws Exception {
        String form = "code=SNV-PAR&title=" + enc("Hội nghị PAR") + "&bodyHtml=" + enc("<p>x</p>") + "&group=co-quan-chuyen-mon"
                + "&agencies=so-y-te&channels=portal&startDate=2026-12-05&endDate=2027-03-04&priority=NORMAL"
                + "&planTaskId=" + enc(planTaskId);
        return http.send(HttpRequest.newBuilder(uri("/console/campaigns")).header("Cookie", session).header("Origin", self())
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
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
