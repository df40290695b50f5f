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
 * The wizard's new fields (issue 17) against a canned campaign service: every channel of the contracts with its name,
 * the deadline and the reminder days sent as the campaign API takes them, the service's problems with them shown at
 * the fields, and what the console can tell itself refused before the service is asked. Built without the notice
 * editor (no npm), the wizard is the plain HTML textarea, posted as it is.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"spring.config.name=gateway",
        // a build without npm: no notice editor bundle
        "govcomm.console.editor-script=classpath:/static/console/static/no-such-editor.js"})
class CampaignWizardConsoleTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final List<String> CREATED = new CopyOnWriteArrayList<>();
    static final HttpServer CAMPAIGNS = campaigns();

    /** GET agencies → one; POST a campaign → 201, or 400 with field problems when a reminder day is 90. */
    static HttpServer campaigns() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/", exchange -> {
                try (exchange) {
                    String body;
                    int status = 200;
                    if (exchange.getRequestMethod().equals("POST")) {
                        String sent = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                        CREATED.add(sent);
                        if (JSON.readTree(sent).path("reminders").path("offsetsDays").toString().contains("90")) {
                            status = 400;
                            body = """
                                    {"status":400,"code":"validation-failed","detail":"Dữ liệu không hợp lệ. / The request has invalid fields.",
                                     "errors":[{"field":"reminders.offsetsDays[1]","code":"out-of-range","message":"Between -60 and 60 days",
                                                "messageVi":"Từ -60 đến 60 ngày","messageEn":"Between -60 and 60 days"},
                                               {"field":"deadline","code":"deadline-after-window","message":"After the window",
                                                "messageVi":"Hạn sau thời gian đăng tải","messageEn":"After the window"}]}""";
                        } else {
                            status = 201;
                            body = "{\"id\":\"cmp-9\"}";
                        }
                    } else {
                        body = "[{\"agencyId\":\"so-y-te\",\"name\":\"Sở Y tế\"}]";
                    }
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", status < 400 ? "application/json" : "application/problem+json");
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
    void theWizardOffersEveryChannelOfTheContractsAndTheDeadlineAndReminderFields() throws Exception {
        String session = signIn("tran.thi.lan");
        HttpResponse<String> wizard = get("/console/campaigns/new", session);

        assertThat(wizard.statusCode()).isEqualTo(200);
        for (String channel : vn.govcomm.contracts.Channels.ALL) {
            assertThat(wizard.body()).contains("data-testid=\"channel-" + channel + "\"");
        }
        assertThat(wizard.body()).contains("Kênh khác (cơ quan tự đăng, gửi minh chứng)").contains("Thư điện tử")
                .contains("id=\"deadline\"").contains("type=\"date\"").contains("id=\"reminders\"")
                .contains("placeholder=\"-3, 0, 2\"").contains("nhắc trước hạn 3 ngày")
                .doesNotContain("id=\"nav-mailbox\"");   // no mailbox link without govcomm.console.mailbox-url
        assertThat(get("/console/campaigns/new?lang=en", session).body())
                .contains("Other channels (the agency publishes, sends evidence)").contains("E-mail")
                .contains("Reminders (days relative to the deadline)");
    }

    @Test
    void withoutTheEditorsBundleTheBodyIsThePlainHtmlTextareaAndIsPostedAsTyped() throws Exception {
        String session = signIn("tran.thi.lan");
        String wizard = get("/console/campaigns/new", session).body();

        assertThat(wizard).contains("<textarea id=\"bodyHtml\" name=\"bodyHtml\" rows=\"6\" required")
                .contains("Viết bằng HTML").doesNotContain("editor.js");
        assertThat(get("/console/campaigns/new?lang=en", session).body()).contains("Written in HTML").doesNotContain("editor.js");
        post(session, "2027-03-01", "0");
        assertThat(JSON.readTree(CREATED.getLast()).path("notice").path("bodyHtml").asString()).isEqualTo("<p>x</p>");
    }

    @Test
    void theDeadlineAndReminderDaysGoToTheCampaignApi() throws Exception {
        HttpResponse<String> created = post(signIn("tran.thi.lan"), "2027-03-01", "-3, 0, 2");

        assertThat(created.statusCode()).isEqualTo(302);
        assertThat(created.headers().firstValue("Location").orElseThrow()).endsWith("/console/campaigns/cmp-9");
        JsonNode sent = JSON.readTree(CREATED.getLast());
        assertThat(sent.path("deadline").asString()).isEqualTo("2027-03-01");
        assertThat(sent.path("reminders").path("offsetsDays").toString()).isEqualTo("[-3,0,2]");
        assertThat(sent.path("targets").get(0).path("channels").toString()).isEqualTo("[\"manual\",\"email\"]");
    }

    @Test
    void theServicesProblemsAreShownAtTheirFieldsWithWhatWasTyped() throws Exception {
        HttpResponse<String> page = post(signIn("tran.thi.lan"), "2027-03-01", "-3, 90");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"form-error\"")
                .contains("id=\"reminders-error\" data-testid=\"reminders-error\">Từ -60 đến 60 ngày</span>")
                .contains("id=\"deadline-error\" data-testid=\"deadline-error\">Hạn sau thời gian đăng tải</span>")
                .contains("value=\"-3, 90\"").contains("value=\"2027-03-01\"")
                .contains("aria-describedby=\"reminders-hint reminders-error\"");
    }

    @Test
    void whatTheConsoleCanTellItselfIsRefusedBeforeTheServiceIsAsked() throws Exception {
        int before = CREATED.size();
        HttpResponse<String> page = post(signIn("tran.thi.lan"), "2027-06-01", "ba ngày trước");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"reminders-error\"").contains("Chỉ nhập các số nguyên")
                .contains("id=\"deadline-error\"").contains("Hạn hoàn thành phải nằm trong thời gian đăng tải");
        assertThat(CREATED).hasSize(before);
    }

    private HttpResponse<String> post(String session, String deadline, String reminders) throws Exception {
        String form = "code=SNV-1&title=" + enc("Khảo sát") + "&bodyHtml=" + enc("<p>x</p>") + "&group=co-quan-chuyen-mon"
                + "&agencies=so-y-te&channels=manual&channels=email&startDate=2026-12-05&endDate=2027-03-04"
                + "&priority=NORMAL&deadline=" + enc(deadline) + "&reminders=" + enc(reminders);
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
