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
import vn.govcomm.gateway.console.ManualConsoleTests.Multipart;
import vn.govcomm.gateway.console.ManualConsoleTests.Part;

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
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admins' directory file page against a canned campaign service: exports relayed as the service sends them; a
 * file checked first (the service's dry run, its report in words, vi/en), then imported once confirmed (the same
 * bytes, kept meanwhile); a refused file lists every bad row; a 409 {@code directory-changed-meanwhile} offers to
 * import again; everybody but admins gets 403 and no service is asked; cross-site posts refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=gateway")
class DirectoryConsoleTests {

    static final String DIRECTORY = """
            [{"agencyId":"so-noi-vu","name":"Sở Nội vụ tỉnh Khánh Hòa","shortName":"Sở Nội vụ"},
             {"agencyId":"so-khoa-hoc-cong-nghe","name":"Sở Khoa học và Công nghệ","shortName":"Sở KH&CN"}]""";
    static final byte[] CSV = "\uFEFFMã cơ quan [agency_id],Tên cơ quan [name]\r\nso-y-te,=1+1\r\n".getBytes(StandardCharsets.UTF_8);
    static final byte[] XLSX = {'P', 'K', 3, 4, 0, (byte) 0xFF, 10, 13, 0};
    static final String REFUSED = """
            {"status":422,"code":"import-refused","detail":"Tệp có 3 lỗi; danh bạ không thay đổi. / The file has 3 problems; nothing was changed.",
             "dryRun":true,"rows":4,"agencies":3,"agenciesCreated":0,"agenciesUpdated":0,"unchanged":0,
             "errors":[{"row":2,"field":"name","code":"required","reasonVi":"Cần có tên cơ quan","reasonEn":"The agency name is required"},
                       {"row":4,"field":"channel","code":"unknown-channel","reasonVi":"Kênh không có: fax","reasonEn":"Unknown channel: fax"},
                       {"row":1,"field":null,"code":"missing-column","reasonVi":"Thiếu cột screen_site","reasonEn":"Missing column screen_site"}]}""";

    /** Every request the campaign service got, but for the directory read for names and the campaign list. */
    record Request(String method, String target, String authorization, String contentType, byte[] body) {
    }

    static final List<Request> RECEIVED = new CopyOnWriteArrayList<>();
    static final HttpServer SERVICE = service();

    /** Answers an import by the file's content: "bad" → 422, "busy" → 409 on the real import once, else 200. */
    static HttpServer service() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            boolean[] busyOnce = {true};
            server.createContext("/api/", exchange -> {
                try (exchange) {
                    String target = exchange.getRequestURI().getRawPath()
                            + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    // the directory read for names and the campaign list (the console's home page) are not relays
                    if (target.equals("/api/agencies") || target.equals("/api/campaigns")) {
                        answer(exchange, 200, "application/json", target.equals("/api/agencies") ? DIRECTORY : "[]");
                        return;
                    }
                    RECEIVED.add(new Request(exchange.getRequestMethod(), target,
                            exchange.getRequestHeaders().getFirst("Authorization"),
                            exchange.getRequestHeaders().getFirst("Content-Type"), body));
                    String file = new String(body, StandardCharsets.UTF_8);
                    boolean dryRun = target.endsWith("dryRun=true");
                    switch (exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()) {
                        case "GET /api/agencies/export.csv" -> download(exchange, "text/csv;charset=UTF-8", "danh-ba-co-quan.csv", CSV);
                        case "GET /api/agencies/export.xlsx" -> download(exchange,
                                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "danh-ba-co-quan.xlsx", XLSX);
                        case "POST /api/agencies/import" -> {
                            if (file.contains("bad")) {
                                answer(exchange, 422, "application/problem+json", REFUSED);
                            } else if (file.contains("busy") && !dryRun && busyOnce[0]) {
                                busyOnce[0] = false;
                                answer(exchange, 409, "application/problem+json", """
                                        {"status":409,"code":"directory-changed-meanwhile","detail":"1 cơ quan vừa bị thay đổi. / 1 agency changed meanwhile."}""");
                            } else {
                                answer(exchange, 200, "application/json", """
                                        {"dryRun":%s,"rows":3,"agencies":2,"agenciesCreated":1,"agenciesUpdated":1,"unchanged":0,"errors":[]}"""
                                        .formatted(dryRun));
                            }
                        }
                        default -> answer(exchange, 404, "application/problem+json", "{\"status\":404,\"code\":\"not-found\"}");
                    }
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static void download(HttpExchange exchange, String type, String name, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"" + name + "\"");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        TestGateway.localIssuer(registry);
        registry.add("CAMPAIGN_SERVICE_URL", () -> "http://127.0.0.1:" + SERVICE.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        SERVICE.stop(0);
    }

    @Value("${local.server.port}")
    int port;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void onlyAdminsSeeThePageItsLinkAndItsActionsAndNoServiceIsAskedForOthers() throws Exception {
        assertThat(get("/console", signIn("hoang.quoc.bao")).body()).contains("id=\"nav-directory\"");
        int before = RECEIVED.size();
        for (String user : List.of("tran.thi.lan", "nguyen.van.minh", "vo.thi.mai")) {
            String session = signIn(user);
            assertThat(get("/console", session).body()).as(user).doesNotContain("nav-directory");
            HttpResponse<String> page = get("/console/directory", session);
            assertThat(page.statusCode()).as(user).isEqualTo(403);
            assertThat(page.body()).contains("Chỉ quản trị viên tải về và nhập danh bạ cơ quan.");
            assertThat(get("/console/directory/export/csv", session).statusCode()).as(user).isEqualTo(403);
            assertThat(upload("/console/directory/check", session, goodFile()).statusCode()).as(user).isEqualTo(403);
            assertThat(post("/console/directory/import", session, "token=x").statusCode()).as(user).isEqualTo(403);
        }
        assertThat(RECEIVED).hasSize(before);
        // anonymous: to sign-in
        assertThat(get("/console/directory", null).statusCode()).isEqualTo(303);
    }

    @Test
    void theExportsAreTheServicesFilesWithTheirTypeNameAndBytesAskedAsTheAdmin() throws Exception {
        String session = signIn("hoang.quoc.bao");
        String page = get("/console/directory", session).body();
        assertThat(page).contains("href=\"/console/directory/export/csv\"").contains("href=\"/console/directory/export/xlsx\"")
                .contains("data-testid=\"directory-check-form\"").contains("data-max-bytes=\"8388608\"")
                .doesNotContain("id=\"directory-report\"");

        HttpResponse<byte[]> csv = download("/console/directory/export/csv", session);
        HttpResponse<byte[]> xlsx = download("/console/directory/export/xlsx", session);

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv;charset=UTF-8");
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"danh-ba-co-quan.csv\"");
        assertThat(csv.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(csv.body()).isEqualTo(CSV);
        assertThat(xlsx.headers().firstValue("Content-Type")).hasValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(xlsx.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"danh-ba-co-quan.xlsx\"");
        assertThat(xlsx.body()).isEqualTo(XLSX);
        Request asked = RECEIVED.stream().filter(r -> r.target().equals("/api/agencies/export.csv")).reduce((a, b) -> b).orElseThrow();
        assertThat(TestGateway.callerFor("campaign-service", asked.authorization()).userId()).isEqualTo("hoang.quoc.bao");
    }

    @Test
    void aFileIsCheckedFirstThenImportedOnceConfirmedWithTheSameBytes() throws Exception {
        String session = signIn("hoang.quoc.bao");
        byte[] file = ("agency_id,name\r\nso-y-te,Sở Y tế\r\n" + "\u0000\u00ff").getBytes(StandardCharsets.UTF_8);
        int before = RECEIVED.size();

        HttpResponse<String> checked = upload("/console/directory/check", session,
                new Multipart().file("file", "danh-bạ.csv", "text/csv", file));

        assertThat(checked.statusCode()).isEqualTo(200);
        assertThat(checked.body()).contains("id=\"directory-checked\"")
                .contains("Tệp hợp lệ: 3 dòng, 2 cơ quan. Nếu nhập sẽ thêm 1, cập nhật 1, giữ nguyên 0 cơ quan. Danh bạ chưa thay đổi.")
                .contains("Kết quả với tệp danh-bạ.csv").contains("data-testid=\"directory-import-form\"")
                .doesNotContain("id=\"directory-bad-rows\"");
        Request dryRun = RECEIVED.get(before);
        assertThat(RECEIVED).hasSize(before + 1);
        assertThat(dryRun.method() + " " + dryRun.target()).isEqualTo("POST /api/agencies/import?dryRun=true");
        assertThat(TestGateway.callerFor("campaign-service", dryRun.authorization()).userId()).isEqualTo("hoang.quoc.bao");
        assertThat(Part.parse(dryRun.contentType(), dryRun.body()).get("file").bytes()).isEqualTo(file);

        HttpResponse<String> imported = post("/console/directory/import", session, "token=" + token(checked.body()));

        assertThat(imported.statusCode()).isEqualTo(200);
        assertThat(imported.body()).contains("id=\"directory-imported\"")
                .contains("Đã nhập danh bạ: 3 dòng, 2 cơ quan; thêm 1, cập nhật 1, giữ nguyên 0.")
                .doesNotContain("data-testid=\"directory-import-form\"");
        Request real = RECEIVED.getLast();
        assertThat(real.target()).isEqualTo("/api/agencies/import?dryRun=false");
        assertThat(Part.parse(real.contentType(), real.body()).get("file").bytes()).isEqualTo(file);
        // the file is not kept once imported: the same confirmation again asks for the file
        HttpResponse<String> again = post("/console/directory/import", session, "token=" + token(checked.body()));
        assertThat(again.statusCode()).isEqualTo(410);
        assertThat(again.body()).contains("hãy chọn và kiểm tra lại tệp");
        assertThat(RECEIVED.getLast()).isSameAs(real);
    }

    @Test
    void theDryRunReportIsInEnglishWithLangEn() throws Exception {
        HttpResponse<String> checked = upload("/console/directory/check?lang=en", signIn("hoang.quoc.bao"), goodFile());

        assertThat(checked.body()).contains("The file is valid: 3 rows, 2 agencies. Importing it would add 1, update 1 and leave 0 agencies unchanged.")
                .contains("Import into the directory");
    }

    @Test
    void aRefusedFileListsEveryBadRowWithItsColumnAndReasonInThePagesLanguage() throws Exception {
        String session = signIn("hoang.quoc.bao");
        Multipart bad = new Multipart().file("file", "bad.csv", "text/csv", "bad".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> refused = upload("/console/directory/check", session, bad);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("Tệp bị từ chối vì có 3 lỗi; danh bạ không thay đổi.")
                .doesNotContain("data-testid=\"directory-import-form\"");
        assertThat(badRows(refused.body())).containsExactly(
                "2|Tên cơ quan [name]|Cần có tên cơ quan",
                "4|Kênh [channel]|Kênh không có: fax",
                "1|Cả tệp|Thiếu cột screen_site");
        HttpResponse<String> english = upload("/console/directory/check?lang=en", session, bad);
        assertThat(badRows(english.body())).containsExactly(
                "2|Agency name [name]|The agency name is required",
                "4|Channel [channel]|Unknown channel: fax",
                "1|Whole file|Missing column screen_site");
        assertThat(english.body()).contains("The file was refused: 3 problems; nothing in the directory changed.");
    }

    @Test
    void aDirectoryChangedMeanwhileSaysToImportAgainAndOffersIt() throws Exception {
        String session = signIn("hoang.quoc.bao");
        HttpResponse<String> checked = upload("/console/directory/check", session,
                new Multipart().file("file", "busy.csv", "text/csv", "busy".getBytes(StandardCharsets.UTF_8)));

        HttpResponse<String> conflict = post("/console/directory/import", session, "token=" + token(checked.body()));

        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.body()).contains("Hãy nhập lại (cùng tệp) để hoàn tất.").contains("data-testid=\"directory-import-form\"");
        HttpResponse<String> finished = post("/console/directory/import", session, "token=" + token(conflict.body()));
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(finished.body()).contains("id=\"directory-imported\"");
    }

    @Test
    void noFileIsRefusedBeforeTheServiceIsAskedAndCrossSitePostsAreRefused() throws Exception {
        String session = signIn("hoang.quoc.bao");
        int before = RECEIVED.size();

        HttpResponse<String> empty = upload("/console/directory/check", session,
                new Multipart().file("file", "", "application/octet-stream", new byte[0]));
        HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(uri("/console/directory/check"))
                .header("Cookie", session).header("Origin", "https://evil.example")
                .header("Content-Type", "multipart/form-data; boundary=" + Multipart.BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(goodFile().bytes())).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> crossSiteImport = http.send(HttpRequest.newBuilder(uri("/console/directory/import"))
                .header("Cookie", session).header("Sec-Fetch-Site", "cross-site")
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString("token=x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("Hãy chọn một tệp CSV hoặc XLSX.");
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).contains("cross-site-request");
        assertThat(crossSiteImport.statusCode()).isEqualTo(403);
        assertThat(RECEIVED).hasSize(before);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    static Multipart goodFile() {
        return new Multipart().file("file", "danh-ba.csv", "text/csv", "agency_id,name\r\n".getBytes(StandardCharsets.UTF_8));
    }

    static String token(String page) {
        return Pattern.compile("name=\"token\" value=\"([^\"]+)\"").matcher(page).results().map(m -> m.group(1))
                .findFirst().orElseThrow();
    }

    /** The bad rows' cells: "row|column|reason". */
    static List<String> badRows(String page) {
        return Pattern.compile("(?s)<tr data-testid=\"bad-row\"[^>]*>\\s*<td>(.*?)</td>\\s*<td>(.*?)</td>\\s*<td>(.*?)</td>")
                .matcher(page).results().map(m -> m.group(1) + "|" + m.group(2) + "|" + m.group(3)).toList();
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

    private HttpResponse<byte[]> download(String path, String session) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Cookie", session).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> post(String path, String session, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Cookie", session).header("Origin", self())
                .header("Content-Type", MediaType.APPLICATION_FORM_URLENCODED_VALUE)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> upload(String path, String session, Multipart form) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Cookie", session).header("Origin", self())
                .header("Content-Type", "multipart/form-data; boundary=" + Multipart.BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(self() + path);
    }

    private String self() {
        return "http://127.0.0.1:" + port;
    }
}
