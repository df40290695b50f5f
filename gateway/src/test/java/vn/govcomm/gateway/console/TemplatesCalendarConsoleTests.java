package vn.govcomm.gateway.console;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template library, "save as template" and the plan tasks on the list's calendar, against a canned campaign
 * service that decides as the real one does for these cases (README "Templates matrix"): a template is read by its
 * agency, admins, and everybody once shared; a draft from it is made by an officer who reads it (a reader who may not:
 * 403; a non-reader: 404); a campaign is saved as a template by an officer of its agency. The console copies none of
 * these rules: it offers the actions the service lists in each template's {@code allowedActions} and shows what the
 * service answers when asked.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=gateway")
class TemplatesCalendarConsoleTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String DIRECTORY = """
            [{"agencyId":"so-noi-vu","name":"Sở Nội vụ tỉnh Khánh Hòa","shortName":"Sở Nội vụ"},
             {"agencyId":"so-y-te","name":"Sở Y tế tỉnh Khánh Hòa","shortName":"Sở Y tế"},
             {"agencyId":"ubnd-tinh","name":"Ủy ban nhân dân tỉnh Khánh Hòa","shortName":"UBND tỉnh"}]""";
    /** Sở Nội vụ's yearly survey (1 September, 30 days' lead), Sở Y tế's shared one, Sở Y tế's own. */
    static final List<JsonNode> TEMPLATES = List.of(JSON.readTree("""
            {"id":"tpl-snv","version":1,"agencyId":"so-noi-vu","owner":"tran.thi.lan","shared":false,
             "name":"Khảo sát mức độ hài lòng (hằng năm)","code":"SNV-KSHL",
             "targets":[{"group":"co-quan-chuyen-mon","channels":["portal","facebook"]},{"agencyId":"so-y-te","channels":["zalo"]}],
             "schedule":{"windowDays":91},"recurrence":{"frequency":"YEARLY","month":9,"day":1,"leadTimeDays":30},
             "nextOccurrence":"2027-09-01"}"""), JSON.readTree("""
            {"id":"tpl-syt-shared","version":2,"agencyId":"so-y-te","owner":"le.thi.hoa","shared":true,
             "name":"Tuyên truyền tiêm chủng mở rộng","code":"SYT-TC",
             "targets":[{"descendantsOf":"ubnd-tinh","channels":["portal"]}],"schedule":{"windowDays":30}}"""), JSON.readTree("""
            {"id":"tpl-syt-own","version":1,"agencyId":"so-y-te","owner":"le.thi.hoa","shared":false,
             "name":"Phòng chống sốt xuất huyết","code":"SYT-SXH","targets":[{"agencyId":"so-noi-vu","channels":["led"]}],
             "schedule":{"windowDays":14},"recurrence":{"frequency":"QUARTERLY","day":5,"leadTimeDays":7},
             "nextOccurrence":"2027-01-05"}"""));
    /** A 2025 plan: task 28 in quarter II (late), task 29 in quarter I, task 5 from January to 15 May. */
    static final String PLAN = """
            {"id":"kh-2025","version":1,"year":2025,"issuingAgencyId":"ubnd-tinh","title":"Kế hoạch cải cách hành chính 2025",
             "legalBasis":{"number":"244/QĐ-UBND","date":"2025-01-24"},
             "tasks":[
              {"id":"kh-2025-t28","number":28,"title":"Hội nghị PAR Index","late":true,"due":false,
               "schedule":{"kind":"QUARTER","months":[4,5,6],"words":"Quý II/2025"}},
              {"id":"kh-2025-t29","number":29,"title":"Công bố DDCI","late":false,"due":false,
               "schedule":{"kind":"QUARTER","months":[1,2,3],"words":"Quý I/2025"}},
              {"id":"kh-2025-t05","number":5,"title":"Hoàn thành số hóa","late":false,"due":false,
               "schedule":{"kind":"DATE_RANGE","months":[1,2,3,4,5],"from":"2025-01-01","to":"2025-05-15","words":"Trước 15/5/2025"}}]}""";

    /** Every request the campaign service got but the directory: "METHOD path?query Authorization". */
    static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    /** The bodies of the POSTs it got. */
    static final List<String> BODIES = new CopyOnWriteArrayList<>();
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
                    if (request.equals("GET /api/agencies")) {
                        PlanConsoleTests.answer(exchange, 200, DIRECTORY);
                        return;
                    }
                    RECEIVED.add(request + (query == null ? "" : "?" + query) + " " + auth);
                    if (exchange.getRequestMethod().equals("POST")) {
                        BODIES.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    }
                    Caller caller = caller(auth);
                    switch (request) {
                        case "GET /api/campaigns" -> PlanConsoleTests.answer(exchange, 200, "[]");
                        case "GET /api/plans" -> PlanConsoleTests.answer(exchange, 200,
                                "year=2025".equals(query) ? "[" + PlanConsoleTests.summary(PLAN) + "]" : "[]");
                        case "GET /api/plans/kh-2025" -> PlanConsoleTests.answer(exchange, 200, PLAN);
                        case "GET /api/templates" -> PlanConsoleTests.answer(exchange, 200,
                                TEMPLATES.stream().filter(t -> reads(caller, t)).map(t -> withActions(caller, t)).toList()
                                        .toString());
                        case "GET /api/campaigns/c-1" -> PlanConsoleTests.answer(exchange, 200, """
                                {"id":"c-1","code":"SNV-KSHL-2026","status":"COMPLETED","issuingAgencyId":"so-noi-vu",
                                 "notice":{"title":"Khảo sát mức độ hài lòng năm 2026"}}""");
                        case "POST /api/campaigns/c-1/template" -> {
                            if (!caller.roles().contains("officer") || !"so-noi-vu".equals(caller.agencyId())) {
                                PlanConsoleTests.answer(exchange, 403, FORBIDDEN);
                            } else if (JSON.readTree(BODIES.getLast()).path("name").asString("").isBlank()) {
                                PlanConsoleTests.answer(exchange, 400, """
                                        {"status":400,"code":"validation-failed","detail":"Dữ liệu không hợp lệ. / Invalid.",
                                         "errors":[{"field":"name","code":"required","messageVi":"Cần nhập tên mẫu.","messageEn":"Name required."}]}""");
                            } else {
                                PlanConsoleTests.answer(exchange, 201, "{\"id\":\"tpl-new\",\"name\":\"Mẫu mới\"}");
                            }
                        }
                        default -> {
                            JsonNode template = path.startsWith("/api/templates/") && path.endsWith("/campaigns")
                                    && exchange.getRequestMethod().equals("POST")
                                    ? TEMPLATES.stream().filter(t -> path.equals("/api/templates/" + t.path("id").asString() + "/campaigns"))
                                    .findFirst().orElse(null) : null;
                            if (template == null || !reads(caller, template)) {
                                PlanConsoleTests.answer(exchange, 404, PlanConsoleTests.NOT_FOUND);
                            } else if (!caller.roles().contains("officer")) {
                                PlanConsoleTests.answer(exchange, 403, FORBIDDEN);
                            } else {
                                PlanConsoleTests.answer(exchange, 201, "{\"id\":\"cmp-from-" + template.path("id").asString() + "\"}");
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

    static final String FORBIDDEN = "{\"status\":403,\"code\":\"forbidden\",\"detail\":\"Không được phép. / Forbidden.\"}";

    static Caller caller(String authorization) {
        try {
            return TestGateway.callerFor("campaign-service", authorization);
        } catch (CallerTokenVerifier.InvalidCallerTokenException e) {
            throw new IllegalStateException("the gateway forwarded no valid caller token", e);
        }
    }

    /**
     * The template with the {@code allowedActions} the campaign service computes for the caller (its README: officers
     * of the owning agency use, edit, delete; another agency's officers use a shared one; admins share).
     */
    static JsonNode withActions(Caller caller, JsonNode template) {
        tools.jackson.databind.node.ObjectNode t = (tools.jackson.databind.node.ObjectNode) template.deepCopy();
        tools.jackson.databind.node.ArrayNode actions = t.putArray("allowedActions");
        boolean own = template.path("agencyId").asString().equals(caller.agencyId());
        if (caller.roles().contains("officer")) {
            actions.add("use");
            if (own) {
                actions.add("edit").add("delete");
            }
        }
        if (caller.isAdmin()) {
            actions.add("share");
        }
        return t;
    }

    /** The campaign service's read rule for templates: own agency, admins, or shared. */
    static boolean reads(Caller caller, JsonNode template) {
        return caller.isAdmin() || template.path("shared").asBoolean()
                || template.path("agencyId").asString().equals(caller.agencyId());
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

    // ---- access -----------------------------------------------------------------------------------------------

    @Test
    void anAnonymousBrowserIsSentToSignInAndNoServiceIsAsked() throws Exception {
        int before = RECEIVED.size();

        List<Integer> statuses = new ArrayList<>();
        for (String path : List.of("/console/templates", "/console/campaigns/c-1/template", "/console?tasks=true&month=2025-05")) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
            statuses.add(page.statusCode());
            assertThat(page.headers().firstValue("Location")).hasValue("/console/login");
        }
        HttpResponse<String> post = post("/console/templates/tpl-snv/campaigns", null, "startDate=2027-09-01");

        assertThat(statuses).containsOnly(303);
        assertThat(post.statusCode()).isNotIn(200, 201, 302);
        assertThat(RECEIVED.subList(before, RECEIVED.size())).isEmpty();
    }

    /** The library each user gets is exactly what the campaign service lists for their token. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "tran.thi.lan    | tpl-snv tpl-syt-shared",
            "vo.thi.mai      | tpl-snv tpl-syt-shared",
            "le.thi.hoa      | tpl-syt-shared tpl-syt-own",
            "pham.van.duc    | tpl-syt-shared tpl-syt-own",
            "hoang.quoc.bao  | tpl-snv tpl-syt-shared tpl-syt-own"})
    void theLibraryListsWhatTheServiceGivesTheUser(String user, String expected) throws Exception {
        HttpResponse<String> page = get("/console/templates", signIn(user));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(Pattern.compile("<article class=\"template\" id=\"template-([^\"]+)\"").matcher(page.body()).results()
                .map(m -> m.group(1)).toList())
                .containsExactlyElementsOf(Arrays.asList(expected.split(" ")));
        assertThat(page.body()).contains("id=\"nav-templates\"");
        String asked = RECEIVED.stream().filter(r -> r.startsWith("GET /api/templates ")).reduce((a, b) -> b).orElseThrow();
        assertThat(caller(asked.substring(asked.indexOf("Bearer "))).userId()).isEqualTo(user);
    }

    @Test
    void aTemplateIsInWordsChannelsTargetsRecurrenceAndNextDraft() throws Exception {
        String page = get("/console/templates", signIn("hoang.quoc.bao")).body();

        String snv = article(page, "tpl-snv");
        assertThat(snv).contains("Khảo sát mức độ hài lòng (hằng năm)").contains("SNV-KSHL").contains("Sở Nội vụ")
                .contains("Hằng năm, ngày 01/09, tạo bản nháp trước 30 ngày")
                .contains("Tạo ngày 02/08/2027 cho kỳ bắt đầu ngày 01/09/2027")
                .contains("Cả nhóm: ").contains("Sở Y tế tỉnh Khánh Hòa");
        // the start date offered is the next occurrence (to whom the service lets draft from it)
        assertThat(article(get("/console/templates", signIn("tran.thi.lan")).body(), "tpl-snv"))
                .contains("value=\"2027-09-01\"");
        assertThat(article(page, "tpl-syt-shared")).contains("dùng chung toàn tỉnh").contains("Không lặp lại")
                .contains("Chọn tất cả đơn vị trực thuộc Ủy ban nhân dân tỉnh Khánh Hòa")
                .doesNotContain("data-testid=\"template-next-draft\"");
        assertThat(article(page, "tpl-syt-own")).contains("Hằng quý, ngày 05 của tháng đầu quý, tạo bản nháp trước 7 ngày")
                .doesNotContain("dùng chung toàn tỉnh");
        assertThat(CampaignBoardConsoleTests.visibleText(page)).doesNotContain("YEARLY").doesNotContain("QUARTERLY")
                .doesNotContain("co-quan-chuyen-mon").doesNotContain("descendantsOf").doesNotContain("so-noi-vu");
        String en = get("/console/templates?lang=en", signIn("hoang.quoc.bao")).body();
        assertThat(article(en, "tpl-snv")).contains("Yearly, on 01/09, draft made 30 days ahead");
    }

    // ---- a campaign from a template ----------------------------------------------------------------------------

    /** "Tạo chiến dịch từ mẫu" is offered exactly on the templates whose allowedActions has "use" for the user. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "tran.thi.lan    | tpl-snv tpl-syt-shared",
            "vo.thi.mai      | ''",
            "le.thi.hoa      | tpl-syt-shared tpl-syt-own",
            "pham.van.duc    | ''",
            "hoang.quoc.bao  | ''"})
    void aDraftFromATemplateIsOfferedWhereTheServiceAllowsIt(String user, String expected) throws Exception {
        String page = get("/console/templates", signIn(user)).body();

        List<String> offered = Pattern.compile("<article class=\"template\" id=\"template-([^\"]+)\"").matcher(page)
                .results().map(m -> m.group(1)).filter(id -> article(page, id).contains("data-testid=\"template-create\""))
                .toList();
        assertThat(offered).isEqualTo(expected.isEmpty() ? List.of() : Arrays.asList(expected.split(" ")));
    }

    @Test
    void aTemplateFromAServiceWithoutAllowedActionsOffersADraftAsBefore() {
        TemplateConsoleController.Entry older = entry(TEMPLATES.getFirst());
        assertThat(older.may("use")).isTrue();
        assertThat(older.may("delete")).isFalse();
        tools.jackson.databind.node.ObjectNode none = (tools.jackson.databind.node.ObjectNode) TEMPLATES.getFirst().deepCopy();
        none.putArray("allowedActions");
        assertThat(entry(none).may("use")).isFalse();
    }

    private static TemplateConsoleController.Entry entry(JsonNode template) {
        return new TemplateConsoleController.Entry(template, "Sở Nội vụ", false, "", List.of(), "", null, null);
    }

    @Test
    void anOfficerGetsTheDraftInTheWizardWithTheStartDatePosted() throws Exception {
        String session = signIn("tran.thi.lan");

        HttpResponse<String> made = post("/console/templates/tpl-snv/campaigns", session, "startDate=2027-09-01&code=");

        assertThat(made.statusCode()).isEqualTo(302);
        assertThat(made.headers().firstValue("Location").orElseThrow()).endsWith("/console/campaigns/cmp-from-tpl-snv/edit");
        JsonNode body = JSON.readTree(BODIES.getLast());
        assertThat(body.path("startDate").asString()).isEqualTo("2027-09-01");
        assertThat(body.has("code")).isFalse();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '|', value = {
            "vo.thi.mai     | tpl-snv        | Bạn không được tạo chiến dịch từ mẫu này",
            "pham.van.duc   | tpl-syt-shared | Bạn không được tạo chiến dịch từ mẫu này",
            "tran.thi.lan   | tpl-syt-own    | Không tìm thấy mẫu này, hoặc đơn vị của bạn không được dùng mẫu này"})
    void aRefusalIsShownOnTheLibraryAsTheServiceAnswers(String user, String template, String words) throws Exception {
        String session = signIn(user);

        HttpResponse<String> refused = post("/console/templates/" + template + "/campaigns", session, "startDate=2027-09-01");

        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location").orElseThrow()).endsWith("/console/templates");
        String cookie = refused.headers().allValues("Set-Cookie").stream().map(c -> c.split(";")[0])
                .reduce(session, (a, b) -> a + "; " + b);
        assertThat(get("/console/templates", cookie).body()).contains(words);
    }

    // ---- save as template ---------------------------------------------------------------------------------------

    @Test
    void aCampaignIsSavedAsATemplateOrItsFieldProblemsShown() throws Exception {
        String session = signIn("tran.thi.lan");

        String form = get("/console/campaigns/c-1/template", session).body();
        HttpResponse<String> saved = post("/console/campaigns/c-1/template", session,
                "name=" + enc("Mẫu mới") + "&code=&frequency=YEARLY&month=9&day=1&leadTimeDays=30");
        JsonNode body = JSON.readTree(BODIES.getLast());
        HttpResponse<String> invalid = post("/console/campaigns/c-1/template", session, "name=&frequency=");

        assertThat(form).contains("Khảo sát mức độ hài lòng năm 2026").contains("data-testid=\"save-template-form\"");
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(saved.headers().firstValue("Location").orElseThrow()).endsWith("/console/templates");
        assertThat(body.path("name").asString()).isEqualTo("Mẫu mới");
        assertThat(body.has("code")).isFalse();
        assertThat(body.path("recurrence").toString()).isEqualTo("{\"frequency\":\"YEARLY\",\"month\":9,\"day\":1,\"leadTimeDays\":30}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("Cần nhập tên mẫu.").contains("id=\"template-errors\"");
        assertThat(JSON.readTree(BODIES.getLast()).has("recurrence")).isFalse();
    }

    @Test
    void aRefusedSaveGoesBackToTheCampaignWithTheReason() throws Exception {
        HttpResponse<String> refused = post("/console/campaigns/c-1/template", signIn("nguyen.van.minh"), "name=x");

        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location").orElseThrow()).endsWith("/console/campaigns/c-1");
    }

    // ---- the calendar's plan tasks -----------------------------------------------------------------------------

    @Test
    void theCalendarShowsThePlanTasksOfTheMonthWhenAskedLateOnesMarked() throws Exception {
        String session = signIn("vo.thi.mai");
        int before = RECEIVED.size();

        String plain = get("/console?month=2025-05", session).body();
        List<String> plainAsked = new ArrayList<>(RECEIVED.subList(before, RECEIVED.size()));
        String withTasks = get("/console?month=2025-05&tasks=true", session).body();

        assertThat(plain).doesNotContain("id=\"calendar-tasks\"").contains("Hiện nhiệm vụ kế hoạch")
                .contains("href=\"/console?month=2025-05&amp;tasks=true\"");
        assertThat(plainAsked).noneMatch(r -> r.startsWith("GET /api/plans"));
        String task28 = taskRow(withTasks, 28);
        assertThat(task28).contains("href=\"/console/plans/kh-2025#task-28\"").contains("Nhiệm vụ 28: Hội nghị PAR Index")
                .contains("data-testid=\"calendar-task-late\"");
        assertThat(markedDays(task28)).hasSize(31);
        String task5 = taskRow(withTasks, 5);
        assertThat(markedDays(task5)).hasSize(15);
        assertThat(task5).doesNotContain("calendar-task-late");
        assertThat(withTasks).doesNotContain("kh-2025#task-29").contains("Ẩn nhiệm vụ kế hoạch")
                .contains("href=\"/console?month=2025-06&amp;tasks=true\"").contains("href=\"/console?month=2025-05\"");
        assertThat(plain).contains("href=\"/console?month=2025-06\"");
        String asked = RECEIVED.stream().filter(r -> r.startsWith("GET /api/plans?year=2025 ")).reduce((a, b) -> b).orElseThrow();
        assertThat(caller(asked.substring(asked.indexOf("Bearer "))).userId()).isEqualTo("vo.thi.mai");
    }

    @Test
    void aMonthWithoutPlansSaysSo() throws Exception {
        String page = get("/console?month=2031-02&tasks=true", signIn("tran.thi.lan")).body();

        assertThat(page).contains("Không có nhiệm vụ kế hoạch nào bạn được xem trong tháng này.")
                .doesNotContain("data-testid=\"calendar-task\"");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    static String article(String page, String id) {
        int start = page.indexOf("<article class=\"template\" id=\"template-" + id + "\"");
        assertThat(start).as("template %s", id).isPositive();
        return page.substring(start, page.indexOf("</article>", start));
    }

    static String taskRow(String page, int number) {
        int link = page.indexOf("#task-" + number + "\"");
        assertThat(link).as("calendar row of task %d", number).isPositive();
        int start = page.lastIndexOf("<tr", link);
        return page.substring(start, page.indexOf("</tr>", link));
    }

    static List<String> markedDays(String row) {
        return Pattern.compile("<td class=\"task\">").matcher(row).results().map(m -> m.group()).toList();
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
