package vn.govcomm.gateway.console;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
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
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notice's files through the console (issue 19): the editor's upload proxy relays the file as it came to the
 * campaign service with the signed-in user's caller token, and says the service's refusals in words; users whose
 * role may not upload and anonymous callers never reach the service; without JavaScript the wizard posts the file with
 * the whole form and lists it; the listed files go to the campaign API as notice.attachmentIds, and a file the service
 * does not take for the issuing agency (another agency's) is refused at the attachments field.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"spring.config.name=gateway",
        "govcomm.console.editor-script=classpath:/static/console/static/no-such-editor.js"})
class NoticeAttachmentsConsoleTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String STORED = "att-0b6f5e2a-3c1d-4e8f-9a7b-2d4c6e8f0a1b";
    static final String OTHER_AGENCYS = "att-9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
    static final byte[] PDF = "%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1);
    /** The canned service's size limit (the real one is govcomm.attachments.max-size). */
    static final int LIMIT = 64 * 1024;

    record Upload(String contentType, byte[] body, JsonNode caller) {
    }

    static final String DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    static final String MACROS_VI = "Tệp có macro (.docm, .xlsm) không được nhận: hãy lưu lại dưới dạng .docx hoặc .xlsx "
            + "không có macro rồi tải lên lại";
    static final String MACROS_EN = "Files with macros (.docm, .xlsm) are not accepted: save it as .docx or .xlsx "
            + "without macros and upload it again";
    static final List<Upload> UPLOADS = new CopyOnWriteArrayList<>();
    static final List<String> CAMPAIGNS_SENT = new CopyOnWriteArrayList<>();
    static final HttpServer CAMPAIGNS = campaigns();

    /**
     * The attachments API as the campaign service answers: 413 / 415 with its field problems (its own words), 201
     * with the stored file; POST /api/campaigns refuses another agency's file id as the service does; GETs → [].
     */
    static HttpServer campaigns() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/", exchange -> {
                try (exchange) {
                    String path = exchange.getRequestURI().getPath();
                    byte[] sent = exchange.getRequestBody().readAllBytes();
                    int status = 200;
                    String body = "[]";
                    if (path.equals("/api/campaigns/attachments")) {
                        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
                        UPLOADS.add(new Upload(contentType, sent, caller(exchange.getRequestHeaders().getFirst("Authorization"))));
                        byte[] file = Part.parse(contentType, sent).get("file").bytes();
                        if (file.length > LIMIT) {
                            status = 413;
                            body = problem("file-too-large", "Tệp vượt quá 64 KB. / The file is larger than 64 KB.",
                                    "Tệp vượt quá dung lượng cho phép (64 KB)", "The file exceeds the size limit (64 KB)");
                        } else if (new String(file, StandardCharsets.ISO_8859_1).contains("vbaProject.bin")) {
                            status = 415;   // the service's words (the kit's MediaTypeSniffer.Refusal.MACROS)
                            body = problem("office-file-with-macros", MACROS_VI + ". / " + MACROS_EN + ".", MACROS_VI, MACROS_EN);
                        } else if (new String(file, StandardCharsets.ISO_8859_1).contains("word/document.xml")) {
                            status = 201;
                            body = """
                                    {"id":"%s","name":"Phiếu đăng ký.docx","mediaType":"%s","sizeBytes":%d,
                                     "sha256":"x","agencyId":"so-y-te","uploadedBy":"le.thi.hoa","uploadedAt":"2026-12-05T01:00:00Z",
                                     "url":"http://localhost:8080/api/campaigns/attachments/%s"}""".formatted(STORED, DOCX_TYPE, file.length, STORED);
                        } else if (!new String(file, 0, Math.min(5, file.length), StandardCharsets.ISO_8859_1).equals("%PDF-")) {
                            status = 415;
                            body = problem("unsupported-file-type", "Chỉ nhận PDF, JPEG, PNG hoặc WebP. / Only PDF, JPEG, PNG or WebP files are accepted.",
                                    "Loại tệp không được hỗ trợ (chỉ PDF, JPEG, PNG, WebP; xác định theo nội dung tệp)",
                                    "Unsupported file type (only PDF, JPEG, PNG, WebP; judged by the content)");
                        } else {
                            status = 201;
                            body = """
                                    {"id":"%s","name":"Phiếu khảo sát 2023.pdf","mediaType":"application/pdf","sizeBytes":%d,
                                     "sha256":"x","agencyId":"so-y-te","uploadedBy":"le.thi.hoa","uploadedAt":"2026-12-05T01:00:00Z",
                                     "url":"http://localhost:8080/api/campaigns/attachments/%s"}""".formatted(STORED, file.length, STORED);
                        }
                    } else if (path.equals("/api/campaigns") && exchange.getRequestMethod().equals("POST")) {
                        String request = new String(sent, StandardCharsets.UTF_8);
                        CAMPAIGNS_SENT.add(request);
                        if (request.contains(OTHER_AGENCYS)) {
                            status = 400;
                            body = """
                                    {"status":400,"code":"validation-failed","detail":"Dữ liệu không hợp lệ. / The request has invalid fields.",
                                     "errors":[{"field":"notice.attachmentIds[0]","code":"unknown-attachment","message":"No file uploaded by the issuing agency",
                                                "messageVi":"Không tìm thấy tệp đính kèm của cơ quan ban hành","messageEn":"No file uploaded by the issuing agency"}]}""";
                        } else {
                            status = 201;
                            body = "{\"id\":\"cmp-7\"}";
                        }
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

    static String problem(String code, String detail, String vi, String en) {
        int status = code.equals("file-too-large") ? 413 : 415;
        return """
                {"status":%d,"code":"%s","detail":"%s","errors":[{"field":"file","code":"%s","message":"%s","messageVi":"%s","messageEn":"%s"}]}"""
                .formatted(status, code, detail, code, en, vi, en);
    }

    /** The caller token's claims (the service verifies its signature; here only who it names matters). */
    static JsonNode caller(String authorization) {
        String[] jwt = authorization.substring("Bearer ".length()).split("\\.");
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8));
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

    @BeforeEach
    void forget() {
        UPLOADS.clear();
        CAMPAIGNS_SENT.clear();
    }

    @Test
    void anAnonymousUploadIsSentToSignInAndNeverReachesTheService() throws Exception {
        HttpResponse<String> answer = upload(null, new Multipart().file("file", "phieu.pdf", "application/pdf", PDF), "");

        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(answer.headers().firstValue("Location")).hasValue("/console/login");
        assertThat(UPLOADS).isEmpty();
    }

    @Test
    void aViewerMayNotUploadAndIsToldSoInWordsWithoutAskingTheService() throws Exception {
        HttpResponse<String> answer = upload(signIn("vo.thi.mai"), new Multipart().file("file", "phieu.pdf", "application/pdf", PDF), "");

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(JSON.readTree(answer.body()).path("detail").asString())
                .isEqualTo("Chỉ cán bộ, người phê duyệt hoặc quản trị viên của một cơ quan mới được tải tệp lên.");
        assertThat(UPLOADS).isEmpty();
    }

    @Test
    void theFileGoesToTheServiceAsItCameWithTheUsersCallerTokenAndItsAgencyNotOneTheFormNames() throws Exception {
        HttpResponse<String> answer = upload(signIn("le.thi.hoa"), new Multipart().field("agencyId", "so-noi-vu")
                .file("file", "Phiếu khảo sát 2023.pdf", "application/pdf", PDF), "");

        assertThat(answer.statusCode()).isEqualTo(201);
        JsonNode stored = JSON.readTree(answer.body());
        assertThat(stored.path("id").asString()).isEqualTo(STORED);
        assertThat(stored.path("src").asString()).isEqualTo("/api/campaigns/attachments/" + STORED);
        assertThat(stored.path("name").asString()).isEqualTo("Phiếu khảo sát 2023.pdf");
        assertThat(stored.path("size").asString()).isEqualTo(PDF.length + " B");
        assertThat(stored.path("image").asBoolean()).isFalse();
        assertThat(stored.path("value").asString()).isEqualTo(STORED + ";" + PDF.length + ";application/pdf;Phiếu khảo sát 2023.pdf");

        assertThat(UPLOADS).hasSize(1);
        Upload relayed = UPLOADS.getFirst();
        Map<String, Part> parts = Part.parse(relayed.contentType(), relayed.body());
        assertThat(parts).containsOnlyKeys("file");   // the form's agencyId is not relayed: the token says who uploads
        assertThat(parts.get("file").bytes()).isEqualTo(PDF);
        assertThat(parts.get("file").headers())   // the name in UTF-8 (RFC 5987), as the service's multipart reads it
                .contains("filename*=UTF-8''Phi%E1%BA%BFu%20kh%E1%BA%A3o%20s%C3%A1t%202023.pdf");
        assertThat(relayed.caller().path("agency").asString()).isEqualTo("so-y-te");
        assertThat(relayed.caller().path("sub").asString()).isEqualTo("le.thi.hoa");
        assertThat(relayed.caller().path("aud").toString()).contains("campaign");
    }

    @Test
    void aFileOverTheServicesLimitIsRefusedInTheServicesWordsWithTheLimit() throws Exception {
        byte[] big = Arrays.copyOf(PDF, LIMIT + 1);
        String session = signIn("tran.thi.lan");

        HttpResponse<String> vi = upload(session, new Multipart().file("file", "lon.pdf", "application/pdf", big), "");
        HttpResponse<String> en = upload(session, new Multipart().file("file", "lon.pdf", "application/pdf", big), "?lang=en");

        assertThat(vi.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(vi.body()).path("detail").asString()).isEqualTo("Tệp vượt quá dung lượng cho phép (64 KB)");
        assertThat(JSON.readTree(vi.body()).path("code").asString()).isEqualTo("file-too-large");
        assertThat(JSON.readTree(en.body()).path("detail").asString()).isEqualTo("The file exceeds the size limit (64 KB)");
    }

    @Test
    void aFileLargerThanTheConsoleTakesIsRefusedBeforeTheService() throws Exception {
        HttpResponse<String> answer = upload(signIn("tran.thi.lan"),
                new Multipart().file("file", "rat-lon.pdf", "application/pdf", Arrays.copyOf(PDF, 12 * 1024 * 1024)), "");

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.body()).contains("413");
        assertThat(UPLOADS).isEmpty();
    }

    @Test
    void aFileOfAnotherTypeIsRefusedInWordsThatNameTheTypesTaken() throws Exception {
        HttpResponse<String> answer = upload(signIn("tran.thi.lan"),
                new Multipart().file("file", "bang-tinh.xlsx", "application/pdf", new byte[] {'P', 'K', 3, 4, 0, 0}), "");

        assertThat(answer.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(answer.body()).path("detail").asString())
                .isEqualTo("Loại tệp không được hỗ trợ (chỉ PDF, JPEG, PNG, WebP; xác định theo nội dung tệp)");
        assertThat(UPLOADS).hasSize(1);
    }

    @Test
    void aWordDocumentIsListedAsAFileAndTheWizardSaysWhichTypesItTakes() throws Exception {
        byte[] docx = zip("[Content_Types].xml", "word/document.xml");
        HttpResponse<String> answer = upload(signIn("le.thi.hoa"), new Multipart()
                .file("file", "Phiếu đăng ký.docx", "application/octet-stream", docx), "");

        assertThat(answer.statusCode()).isEqualTo(201);
        JsonNode stored = JSON.readTree(answer.body());
        assertThat(stored.path("mediaType").asString()).isEqualTo(DOCX_TYPE);
        assertThat(stored.path("image").asBoolean()).isFalse();   // listed under the notice, never placed as a picture
        assertThat(stored.path("value").asString()).isEqualTo(STORED + ";" + docx.length + ";" + DOCX_TYPE + ";Phiếu đăng ký.docx");
        assertThat(Part.parse(UPLOADS.getFirst().contentType(), UPLOADS.getFirst().body()).get("file").bytes()).isEqualTo(docx);

        HttpResponse<String> page = post(signIn("le.thi.hoa"), "/console/campaigns/attachments", wizard()
                .file("upload", "Phiếu đăng ký.docx", "application/octet-stream", docx));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("value=\"" + STORED + ";" + docx.length + ";" + DOCX_TYPE + ";Phiếu đăng ký.docx\"")
                .containsPattern("id=\"upload\" name=\"upload\" type=\"file\" accept=\"[^\"]*\\.docx,\\.xlsx,[^\"]*"
                        + "application/vnd\\.openxmlformats-officedocument\\.spreadsheetml\\.sheet\"")
                .contains("Chọn tệp để đính kèm (PDF, ảnh, Word, Excel)")
                .contains("văn bản Word (.docx) và bảng tính Excel (.xlsx)")
                .contains("Không nhận tệp có macro (.docm, .xlsm), tệp đặt mật khẩu và tệp Word/Excel 97-2003 (.doc, .xls)");
    }

    @Test
    void aMacroEnabledWorkbookIsRefusedInTheServicesWordsSayingWhatToDoInThePagesLanguage() throws Exception {
        byte[] xlsm = zip("[Content_Types].xml", "xl/workbook.xml", "xl/vbaProject.bin");
        String session = signIn("tran.thi.lan");
        HttpResponse<String> vi = upload(session, new Multipart().file("file", "danh-sach.xlsx", "application/octet-stream", xlsm), "");
        HttpResponse<String> en = upload(session, new Multipart().file("file", "danh-sach.xlsx", "application/octet-stream", xlsm), "?lang=en");

        assertThat(vi.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(vi.body()).path("code").asString()).isEqualTo("office-file-with-macros");
        assertThat(JSON.readTree(vi.body()).path("detail").asString()).isEqualTo(MACROS_VI);
        assertThat(JSON.readTree(en.body()).path("detail").asString()).isEqualTo(MACROS_EN);
    }

    private static byte[] zip(String... names) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            for (String name : names) {
                zip.putNextEntry(new java.util.zip.ZipEntry(name));
                zip.write("<x/>".getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    @Test
    void withoutJavaScriptTheWizardUploadsTheChosenFileListsItAndSendsItsIdWithTheCampaign() throws Exception {
        String session = signIn("le.thi.hoa");
        HttpResponse<String> page = post(session, "/console/campaigns/attachments", wizard()
                .file("upload", "Phiếu khảo sát 2023.pdf", "application/pdf", PDF));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("enctype=\"multipart/form-data\"")
                .contains("value=\"" + STORED + ";" + PDF.length + ";application/pdf;Phiếu khảo sát 2023.pdf\"")
                .contains("href=\"/api/campaigns/attachments/" + STORED + "\"")
                .contains("aria-label=\"Bỏ tệp Phiếu khảo sát 2023.pdf\"")
                .contains("value=\"Khảo sát\"");   // the rest of the form as it was typed

        HttpResponse<String> created = post(session, "/console/campaigns", wizard()
                .field("attachments", STORED + ";" + PDF.length + ";application/pdf;Phiếu khảo sát 2023.pdf"));
        assertThat(created.statusCode()).isEqualTo(302);
        assertThat(JSON.readTree(CAMPAIGNS_SENT.getLast()).path("notice").path("attachmentIds").toString())
                .isEqualTo("[\"" + STORED + "\"]");

        HttpResponse<String> dropped = post(session, "/console/campaigns/attachments", wizard()
                .field("attachments", STORED + ";" + PDF.length + ";application/pdf;Phiếu khảo sát 2023.pdf")
                .field("dropAttachment", STORED));
        assertThat(dropped.body()).doesNotContain("value=\"" + STORED);
    }

    @Test
    void withoutJavaScriptARefusedFileIsSaidAtTheAttachmentsFieldAndNothingIsSaved() throws Exception {
        HttpResponse<String> page = post(signIn("tran.thi.lan"), "/console/campaigns", wizard()
                .file("upload", "anh.gif", "image/gif", "GIF89a".getBytes(StandardCharsets.ISO_8859_1)));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"attachments-error\"").contains("Loại tệp không được hỗ trợ");
        assertThat(CAMPAIGNS_SENT).isEmpty();
    }

    @Test
    void anotherAgencysFileIsRefusedByTheServiceAtTheAttachmentsField() throws Exception {
        HttpResponse<String> page = post(signIn("tran.thi.lan"), "/console/campaigns", wizard()
                .field("attachments", OTHER_AGENCYS + ";900;application/pdf;cua-so-y-te.pdf"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"attachments-error\" data-testid=\"attachments-error\">Không tìm thấy tệp đính kèm của cơ quan ban hành</span>");
    }

    private static Multipart wizard() {
        return new Multipart().field("code", "SNV-1").field("title", "Khảo sát").field("bodyHtml", "<p>x</p>")
                .field("group", "co-quan-chuyen-mon").field("agencies", "so-y-te").field("channels", "portal")
                .field("startDate", "2026-12-05").field("endDate", "2027-03-04").field("priority", "NORMAL");
    }

    private HttpResponse<String> upload(String session, Multipart form, String query) throws Exception {
        return post(session, "/console/attachments" + query, form);
    }

    private HttpResponse<String> post(String session, String path, Multipart form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Origin", self())
                .header("Content-Type", "multipart/form-data; boundary=" + Multipart.BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes()));
        if (session != null) {
            request.header("Cookie", session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String signIn(String user) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(uri("/console/login")).header("Origin", self())
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=demo")).build(),
                HttpResponse.BodyHandlers.ofString());
        return login.headers().firstValue("Set-Cookie").map(c -> c.split(";")[0]).orElseThrow();
    }

    private URI uri(String path) {
        return URI.create(self() + path);
    }

    private String self() {
        return "http://127.0.0.1:" + port;
    }
}
