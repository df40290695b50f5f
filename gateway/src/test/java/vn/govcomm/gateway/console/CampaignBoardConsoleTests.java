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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One campaign's board and exports against canned services (campaign {@code c-1} known to reporting but not
 * published yet, {@code c-9} known to the campaign service only): what a service does not know yet is left out of
 * the board, the reporting service's export files are handed over as they come, and refusals are shown in the
 * service's words (no console-made substitute).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=gateway")
class CampaignBoardConsoleTests {

    static final String NOT_FOUND = "{\"status\":404,\"code\":\"campaign-not-found\",\"detail\":\"Không tìm thấy chiến dịch. / No such campaign.\"}";
    /** Every request the services got: "METHOD path Authorization". */
    static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    static final HttpServer SERVICES = services();

    static HttpServer services() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/", exchange -> {
                try (exchange) {
                    String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
                    RECEIVED.add(request + " " + exchange.getRequestHeaders().getFirst("Authorization"));
                    int status = 200;
                    String type = "application/json";
                    String body;
                    switch (request) {
                        case "GET /api/campaigns/c-9" -> body = """
                                {"id":"c-9","code":"SNV-9","status":"APPROVED","notice":{"title":"Thông báo"}}""";
                        case "GET /api/reports/campaigns/c-1" -> body = """
                                {"total":1,"byChannel":{"portal":{"PENDING":1}},
                                 "deliveries":[{"agencyId":"so-y-te","channel":"portal","status":"PENDING"}]}""";
                        case "GET /api/reports/campaigns/c-1/compliance" -> body = """
                                {"channels":["portal"],"agencies":[{"agencyId":"so-y-te","name":"Sở Y tế","state":"IN_PROGRESS",
                                 "cells":{"portal":{"state":"PENDING"}}}]}""";
                        case "GET /api/reports/campaigns/c-1/export/deliveries.csv" -> {
                            type = "text/csv;charset=UTF-8";
                            exchange.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"chi-tiet-c-1.csv\"");
                            body = "\uFEFFCơ quan,Kênh\r\nso-y-te,portal\r\n";
                        }
                        default -> {
                            status = 404;
                            type = "application/problem+json";
                            body = NOT_FOUND;
                        }
                    }
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", type);
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

    @Test
    void theBoardLeavesOutWhatTheServicesDoNotKnowYet() throws Exception {
        String session = signIn("nguyen.van.minh");

        String known = get("/console/campaigns/c-1/board", session).body();
        String unknown = get("/console/campaigns/c-9/board", session).body();

        assertThat(known).contains("id=\"no-progress\"").contains("id=\"by-channel\"")
                .contains("id=\"compliance\"").contains("Sở Y tế").doesNotContain("class=\"error\"");
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
        assertThat(refused.body()).isEqualTo("Không tìm thấy chiến dịch. / No such campaign.");
        assertThat(unknownKind.statusCode()).isEqualTo(404);
        assertThat(unknownKind.body()).isEqualTo("Định dạng xuất này chưa có. / This export format is not available yet.");
        assertThat(RECEIVED.subList(before, RECEIVED.size())).singleElement().asString()
                .startsWith("GET /api/reports/campaigns/c-9/export/deliveries.csv ");
    }

    @Test
    void aResendThePublisherRefusesShowsItsWords() throws Exception {
        String session = signIn("nguyen.van.minh");
        HttpResponse<String> resend = http.send(HttpRequest.newBuilder(uri("/console/campaigns/c-9/resend-failed"))
                .header("Cookie", session).header("Origin", self())
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(resend.statusCode()).isEqualTo(302);
        assertThat(RECEIVED).anyMatch(r -> r.startsWith("POST /api/publications/c-9/resend-failed "));
        assertThat(resend.headers().firstValue("Location").orElseThrow()).endsWith("/console/campaigns/c-9");
        String flash = resend.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.split(";")[0]).findFirst().orElseThrow();
        HttpResponse<String> page = get("/console/campaigns/c-9", session + "; " + flash);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"action-error\">Không tìm thấy chiến dịch. / No such campaign.</p>")
                .doesNotContain("id=\"action-done\"");
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
