package vn.govcomm.campaign;

import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.kit.events.IncomingEvent;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static vn.govcomm.campaign.DirectorySheets.HEADER;
import static vn.govcomm.campaign.DirectorySheets.agency;
import static vn.govcomm.campaign.DirectorySheets.endpoint;
import static vn.govcomm.campaign.DirectorySheets.screen;

/**
 * The directory as a file: export (CSV, XLSX) and import with its validation report, dry run, bulk write with one
 * AgencyChanged per changed agency, refusal of a file with any bad row (every row listed, nothing changed). Rows are
 * numbered as the spreadsheet shows them: the header is row 1, the first data row row 2.
 */
class DirectoryFilesIntegrationTests extends CampaignServiceTestSupport {

    static final String TOPIC = "directory.agencies";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void aNationwideDirectoryIsImportedInOneRequestAndTheSameFileAgainChangesNothing() throws Exception {
        List<DirectorySheets.Agency> nationwide = DirectorySheets.nationwide();
        List<List<String>> rows = DirectorySheets.withProvinces(DirectorySheets.rows(nationwide));
        byte[] file = DirectorySheets.csv(DirectorySheets.NATIONWIDE_HEADER, rows);
        Bson ours = Filters.regex("_id", "^qg-");
        assertThat(nationwide).hasSize(3355);
        assertThat(rows).hasSizeGreaterThan(3300);

        HttpResponse<String> dryRun = importOverHttp(file, true);
        assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(200);
        assertReport(parse(dryRun.body()), true, rows.size(), 3355, 3355, 0, 0);
        assertThat(mongo.getCollection("agencies").countDocuments(ours)).as("a dry run changes nothing").isZero();

        long started = System.nanoTime();
        HttpResponse<String> imported = importOverHttp(file, false);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("Nationwide directory import: %d rows, %d agencies, %d bytes of CSV, one request in %d ms%n",
                rows.size(), nationwide.size(), file.length, millis);
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        JsonNode report = parse(imported.body());
        assertReport(report, false, rows.size(), 3355, 3355, 0, 0);
        assertThat(mongo.getCollection("agencies").countDocuments(ours)).isEqualTo(3355);

        List<IncomingEvent> events = publishedSnapshots("qg-");
        assertThat(events).hasSize(report.path("agenciesCreated").asInt() + report.path("agenciesUpdated").asInt());
        assertThat(events.stream().map(IncomingEvent::subject).distinct()).hasSize(3355);
        IncomingEvent commune = events.stream().filter(e -> e.subject().equals("qg-ho-chi-minh-1")).findFirst().orElseThrow();
        assertThat(Contracts.get().validate(commune.type(), commune.dataAsString())).isEmpty();
        JsonNode snapshot = parse(commune.dataAsString());
        assertThat(snapshot.path("name").asString()).isEqualTo("Ủy ban nhân dân phường An Thắng (Hồ Chí Minh)");
        assertThat(snapshot.path("parentId").asString()).isEqualTo("qg-ho-chi-minh");
        // spread over the 34 provinces: each province's committee and its communes are that province's tenants
        assertThat(mongo.getCollection("agencies").distinct("provinceId", ours, String.class).into(new ArrayList<>()))
                .hasSize(34).contains("ho-chi-minh", "khanh-hoa", "hue", "dak-lak");
        long hcm = nationwide.stream().filter(a -> a.columns().getFirst().startsWith("qg-ho-chi-minh")).count();
        List<String> inHcm = parse(mvc.perform(ADMIN.on(get("/api/agencies").param("province", "ho-chi-minh")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString()).valueStream()
                .map(a -> a.path("agencyId").asString()).toList();
        assertThat(inHcm).hasSize((int) hcm).contains("qg-ho-chi-minh", "qg-ho-chi-minh-1").allMatch(id -> id.startsWith("qg-ho-chi-minh"));
        assertThat(snapshot.path("endpoints").valueStream().map(e -> e.path("channel").asString()))
                .containsExactly("portal", "manual", "email");
        mvc.perform(ADMIN.on(get("/api/audit").param("agencyId", "qg-ho-chi-minh-1")))
                .andExpect(jsonPath("$.length()").value(1))
                .andExpect(jsonPath("$[0].action").value("imported"))
                .andExpect(jsonPath("$[0].actor").value(ADMIN.id()))
                .andExpect(jsonPath("$[0].changes[0]").value("created"));

        HttpResponse<String> again = importOverHttp(file, false);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertReport(parse(again.body()), false, rows.size(), 3355, 0, 0, 3355);
        assertThat(mongo.getCollection("agencies").countDocuments(Filters.and(ours, Filters.exists("outbox.0"))))
                .as("nothing to publish").isZero();
        assertThat(publishedSnapshots("qg-")).as("unchanged agencies emit nothing").hasSize(3355);
        mvc.perform(ADMIN.on(get("/api/audit").param("agencyId", "qg-ho-chi-minh-1"))).andExpect(jsonPath("$.length()").value(1));
    }

    static final String FORMULA_LIKE = """
            {"agencyId": "x-tep-cong-thuc", "name": "=HYPERLINK(\\"http://evil.example\\",\\"Bấm vào\\")",
             "shortName": "'Trích dẫn", "type": "OTHER", "parentId": "ubnd-tinh", "groups": ["@nhom", "khac"], "active": false,
             "endpoints": [{"endpointId": "x-tep-cong-thuc.portal", "channel": "portal", "externalId": "+84-portal",
                            "displayName": "-Bảng tin điện tử"},
                           {"endpointId": "x-tep-cong-thuc.led-1", "channel": "led", "externalId": "scr-1",
                            "screen": {"lines": 3, "charsPerLine": 32, "widthPx": 640, "heightPx": 96, "site": "Hội trường"}}]}
            """;

    @Test
    void anExportedDirectoryImportsBackUnchangedAsCsvAndAsXlsx() throws Exception {
        mvc.perform(ADMIN.on(post("/api/agencies")).contentType(MediaType.APPLICATION_JSON).content(FORMULA_LIKE))
                .andExpect(status().isCreated());
        Map<String, Object> versions = versions();

        byte[] csv = mvc.perform(ADMIN.on(get("/api/agencies/export.csv")))
                .andExpect(status().isOk())
                .andExpect(content().contentType("text/csv;charset=UTF-8"))
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"danh-ba-co-quan.csv\""))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andReturn().getResponse().getContentAsByteArray();
        String text = new String(csv, StandardCharsets.UTF_8);
        // the export writes the succession and tenancy columns after `active` (an import takes them in any order, or
        // not at all)
        List<String> exported = new ArrayList<>(HEADER);
        exported.addAll(8, List.of("Mã cơ quan kế thừa [successor_id]", "Hình thức kế thừa [succession_kind]",
                "Mã tỉnh/thành phố [province_id]", "Cơ quan trung ương [national]"));
        assertThat(text).startsWith("\uFEFF" + String.join(",", exported) + "\r\n");
        assertThat(text).contains("x-tep-cong-thuc,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Bấm vào\"\")\",''Trích dẫn,"
                + "OTHER,ubnd-tinh,'@nhom;khac,,không,,,khanh-hoa,không,x-tep-cong-thuc.portal,portal,'+84-portal,'-Bảng tin điện tử,,,,,");
        assertThat(text).contains("so-y-te.led-1,led,");
        importFile("danh-ba.csv", csv, false).andExpect(status().isOk())
                .andExpect(jsonPath("$.agencies").value(versions.size()))
                .andExpect(jsonPath("$.agenciesCreated").value(0))
                .andExpect(jsonPath("$.agenciesUpdated").value(0))
                .andExpect(jsonPath("$.unchanged").value(versions.size()));
        assertThat(versions()).as("nothing written").isEqualTo(versions);

        byte[] xlsx = mvc.perform(ADMIN.on(get("/api/agencies/export.xlsx")))
                .andExpect(status().isOk())
                .andExpect(content().contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"danh-ba-co-quan.xlsx\""))
                .andReturn().getResponse().getContentAsByteArray();
        try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx))) {
            var sheet = workbook.getSheetAt(0);
            assertThat(sheet.getSheetName()).isEqualTo("Danh bạ cơ quan");
            List<String> header = new ArrayList<>();
            sheet.getRow(0).forEach(c -> header.add(c.getStringCellValue()));
            assertThat(header).isEqualTo(exported);
            boolean found = false;
            for (var row : sheet) {
                if (row.getCell(1) != null && row.getCell(1).getStringCellValue().startsWith("=HYPERLINK")) {
                    found = true;
                    assertThat(row.getCell(1).getCellType()).as("a string, never a formula")
                            .isEqualTo(org.apache.poi.ss.usermodel.CellType.STRING);
                }
            }
            assertThat(found).isTrue();
        }
        importFile("danh-ba.xlsx", xlsx, false).andExpect(status().isOk())
                .andExpect(jsonPath("$.agenciesUpdated").value(0))
                .andExpect(jsonPath("$.unchanged").value(versions.size()));
        assertThat(versions()).as("nothing written").isEqualTo(versions);
    }

    @Test
    void aFileWithBadRowsIsRefusedWholeWithEveryBadRowListedAndNothingChanges() throws Exception {
        List<DirectorySheets.Agency> agencies = List.of(
                /* 2 */ commune("x-nhap-moi", "", endpoint("x-nhap-moi.portal", "portal", "portal-x-nhap-moi", "")),
                /* 3 */ new DirectorySheets.Agency(agency("so-y-te", "Sở Y tế (đổi tên trong tệp)", "", "DEPARTMENT",
                        "ubnd-tinh", "co-quan-chuyen-mon", "", "có"), List.of()),
                /* 4 */ commune("x-nhap-loi-kenh", "", endpoint("x-nhap-loi-kenh.fax", "fax", "0583822000", "")),
                /* 5 */ new DirectorySheets.Agency(agency("x-nhap-loi-thu", "Xã Lỗi Thư", "", "COMMUNE_PEOPLES_COMMITTEE",
                        "", "", "vanthu", "có"), List.of()),
                /* 6, 7 */ commune("x-nhap-thu-cong", "",
                        endpoint("x-nhap-thu-cong.manual-1", "manual", "bang-tin", "Niêm yết tại bảng tin"),
                        endpoint("x-nhap-thu-cong.manual-2", "manual", "loudspeaker", "")),
                /* 8 */ commune("x-nhap-cha", "khong-ton-tai"),
                /* 9 */ commune("x-nhap-con", "x-nhap-moi"),
                /* 10 */ commune("x-nhap-moi", ""),
                /* 11 */ commune("x-nhap-led", "", endpoint("x-nhap-led.led-1", "led", "scr-1", "")),
                /* 12 */ commune("x-nhap-led-2", "", screen("x-nhap-led-2.led-1", "scr-2", "", "ba", "32", "")),
                /* 13 */ commune("x-nhap-khac-dong", "", endpoint("x-nhap-khac-dong.portal", "portal", "p-1", "")));
        List<List<String>> rows = new ArrayList<>(DirectorySheets.rows(agencies));
        List<String> differs = new ArrayList<>(rows.get(rows.size() - 1));
        differs.set(1, "Xã Khác Tên");
        differs.set(8, "x-nhap-khac-dong.email");
        rows.add(differs); // 14
        rows.add(DirectorySheets.rows(List.of(commune("", ""))).get(0)); // 15
        List<String> notYesNo = new ArrayList<>(DirectorySheets.rows(List.of(commune("x-nhap-hoat-dong", ""))).get(0));
        notYesNo.set(7, "đúng");
        rows.add(notYesNo); // 16
        List<String> badType = new ArrayList<>(DirectorySheets.rows(List.of(commune("x-nhap-loai", ""))).get(0));
        badType.set(3, "Xã");
        rows.add(badType); // 17
        byte[] file = DirectorySheets.csv(HEADER, rows);
        String soYTe = document("so-y-te");
        long agenciesBefore = mongo.getCollection("agencies").countDocuments();

        for (boolean dryRun : List.of(true, false)) {
            JsonNode problem = body(importFile("sai.csv", file, dryRun)
                    .andExpect(status().is(422))
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.code").value("import-refused"))
                    .andExpect(jsonPath("$.dryRun").value(dryRun))
                    .andExpect(jsonPath("$.rows").value(16))
                    .andExpect(jsonPath("$.agenciesCreated").value(0))
                    .andExpect(jsonPath("$.agenciesUpdated").value(0)));
            assertThat(problem.path("errors").valueStream().map(e -> tuple(e.path("row").asInt(),
                    e.path("field").asString(null), e.path("code").asString()))).containsExactly(
                    tuple(4, "channel", "unknown-channel"),
                    tuple(5, "contact_email", "invalid-email"),
                    tuple(6, "external_id", "unknown-manual-kind"),
                    tuple(7, "display_name", "required"),
                    tuple(8, "parent_id", "unknown-agency"),
                    tuple(10, "agency_id", "duplicate-agency"),
                    tuple(11, "screen_lines", "screen-size-required"),
                    tuple(12, "screen_lines", "not-a-whole-number"),
                    tuple(14, "name", "inconsistent-agency"),
                    tuple(15, "agency_id", "required"),
                    tuple(16, "active", "not-yes-no"),
                    tuple(17, "type", "contract-violation"));
            assertThat(problem.path("errors").valueStream()).allSatisfy(e -> {
                assertThat(e.path("reasonVi").asString()).isNotBlank();
                assertThat(e.path("reasonEn").asString()).isNotBlank();
            });
            JsonNode channel = problem.path("errors").get(0);
            assertThat(channel.path("reasonVi").asString()).startsWith("Kênh phải là một trong: portal");
            assertThat(channel.path("reasonEn").asString()).startsWith("Channel must be one of: portal");
            assertThat(problem.path("errors").get(5).path("reasonEn").asString())
                    .isEqualTo("Agency x-nhap-moi is already in row 2; an agency's rows must be consecutive");
        }
        assertThat(mongo.getCollection("agencies").countDocuments()).as("nothing created").isEqualTo(agenciesBefore);
        assertThat(document("so-y-te")).as("nothing updated").isEqualTo(soYTe);
        assertThat(publishedSnapshots("x-nhap-")).as("nothing published").isEmpty();
    }

    @Test
    void xlsxFilesCreateAndUpdateAgenciesWithOneEventEachAndRefuseBadRowsByTheirExcelRow() throws Exception {
        mvc.perform(ADMIN.on(post("/api/agencies")).contentType(MediaType.APPLICATION_JSON).content("""
                        {"agencyId": "x-bang-cu", "name": "Ủy ban nhân dân xã Cam Hải Tây", "type": "COMMUNE_PEOPLES_COMMITTEE",
                         "parentId": "ubnd-cam-lam", "groups": ["ubnd-cap-xa"],
                         "endpoints": [{"endpointId": "x-bang-cu.portal", "channel": "portal", "externalId": "portal-x-bang-cu"}]}
                        """)).andExpect(status().isCreated());
        List<List<String>> rows = DirectorySheets.rows(List.of(
                new DirectorySheets.Agency(agency("x-bang-cu", "Ủy ban nhân dân xã Cam Hải Tây", "UBND xã Cam Hải Tây",
                        "COMMUNE_PEOPLES_COMMITTEE", "ubnd-cam-lam", "ubnd-cap-xa", "", "có"), List.of(
                        endpoint("x-bang-cu.portal", "portal", "portal-x-bang-cu", ""),
                        endpoint("x-bang-cu.manual-1", "manual", "loudspeaker", "Phát trên loa truyền thanh xã"))),
                new DirectorySheets.Agency(agency("x-bang-moi", "Ủy ban nhân dân phường Bắc Nha Trang", "",
                        "COMMUNE_PEOPLES_COMMITTEE", "x-bang-cu", "ubnd-cap-xa; phuong", "vanphong@bacnhatrang.example.org",
                        "có"), List.of(screen("x-bang-moi.led-1", "scr-bnt-1", "Màn hình LED", "4", "40", "Một cửa phường")))));

        importFile("danh-ba.xlsx", DirectorySheets.xlsx(HEADER, rows), false)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rows").value(3))
                .andExpect(jsonPath("$.agencies").value(2))
                .andExpect(jsonPath("$.agenciesCreated").value(1))
                .andExpect(jsonPath("$.agenciesUpdated").value(1))
                .andExpect(jsonPath("$.unchanged").value(0))
                .andExpect(jsonPath("$.errors.length()").value(0));
        mvc.perform(OFFICER.on(get("/api/agencies/x-bang-moi")))
                .andExpect(jsonPath("$.groups[1]").value("phuong"))
                .andExpect(jsonPath("$.endpoints[0].screen.lines").value(4))
                .andExpect(jsonPath("$.endpoints[0].screen.site").value("Một cửa phường"));
        assertThat(allEventsOf("agencies", TOPIC, "x-bang-moi")).hasSize(1);
        List<IncomingEvent> updated = allEventsOf("agencies", TOPIC, "x-bang-cu");
        assertThat(updated).hasSize(2); // registered, then imported
        assertThat(parse(updated.get(1).dataAsString()).path("shortName").asString()).isEqualTo("UBND xã Cam Hải Tây");
        mvc.perform(ADMIN.on(get("/api/audit").param("agencyId", "x-bang-cu")))
                .andExpect(jsonPath("$[1].action").value("imported"))
                .andExpect(jsonPath("$[1].version").value(2))
                .andExpect(jsonPath("$[1].changes[0]").value("shortName: null → UBND xã Cam Hải Tây"))
                .andExpect(jsonPath("$[1].changes[1]").value("endpoint added: x-bang-cu.manual-1 (manual)"));

        List<List<String>> bad = new ArrayList<>(rows);
        List<String> noKind = new ArrayList<>(bad.get(1));
        noKind.set(10, "");
        bad.set(1, noKind);
        importFile("sai.xlsx", DirectorySheets.xlsx(HEADER, bad), false)
                .andExpect(status().is(422))
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].row").value(3))
                .andExpect(jsonPath("$.errors[0].field").value("external_id"))
                .andExpect(jsonPath("$.errors[0].code").value("required"));
    }

    @Test
    void aParentCycleWithinTheFileIsRefused() throws Exception {
        byte[] file = DirectorySheets.csv(HEADER, DirectorySheets.rows(List.of(
                commune("x-vong-a", "x-vong-b"), commune("x-vong-b", "x-vong-a"), commune("x-vong-c", "x-vong-a"))));
        importFile("vong.csv", file, true).andExpect(status().is(422))
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[0].row").value(2))
                .andExpect(jsonPath("$.errors[0].code").value("parent-cycle"))
                .andExpect(jsonPath("$.errors[1].row").value(3))
                .andExpect(jsonPath("$.errors[1].code").value("parent-cycle"));
    }

    @Test
    void headersFileTypesAndSizesAreCheckedBeforeAnyRow() throws Exception {
        List<String> header = new ArrayList<>(HEADER);
        header.remove("Nhóm [groups]");
        header.set(0, "Mã cơ quan");
        header.add("Ghi chú");
        importFile("thieu-cot.csv", DirectorySheets.csv(header, List.of()), false)
                .andExpect(status().is(422))
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[0].row").value(1))
                .andExpect(jsonPath("$.errors[?(@.field == 'Ghi chú')].code").value("unknown-column"))
                .andExpect(jsonPath("$.errors[?(@.field == 'groups')].code").value("missing-column"));
        importFile("rong.csv", DirectorySheets.csv(HEADER, List.of()), false)
                .andExpect(status().is(422))
                .andExpect(jsonPath("$.errors[0].code").value("no-rows"));
        importFile("cong-van.pdf", AttachmentsIntegrationTests.PDF, false)
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.code").value("unsupported-file-type"))
                .andExpect(jsonPath("$.errors[0].messageEn").value("This is a PDF file, not CSV or XLSX "
                        + "(judged by the content)"));
        importFile("danh-ba.xlsx", OfficeFiles.docx("Danh bạ"), false)
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.errors[0].messageEn").value("This is a Word (.docx) file, not CSV or XLSX "
                        + "(judged by the content)"));
        importFile("danh-ba.xls", new byte[]{(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
                (byte) 0xE1, 0, 0}, false).andExpect(status().isUnsupportedMediaType());
        importFile("rong.csv", new byte[0], false).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("empty-file"));
        byte[] nineMegabytes = new byte[9 * 1024 * 1024];
        java.util.Arrays.fill(nineMegabytes, (byte) 'a');
        importFile("lon.csv", nineMegabytes, false).andExpect(status().is(413))
                .andExpect(jsonPath("$.code").value("file-too-large"));
        mvc.perform(ADMIN.on(multipart("/api/agencies/import"))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("file"));
    }

    @Test
    void agencyIdsThatAreTheDirectorysOwnPathsAreReserved() throws Exception {
        for (String id : List.of("export.csv", "export.xlsx", "provinces")) {
            mvc.perform(ADMIN.on(post("/api/agencies")).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"agencyId\": \"" + id + "\", \"name\": \"Đơn vị\", \"type\": \"OTHER\"}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].code").value("reserved-id"));
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** A commune of Khánh Hòa (or without parent) with the given endpoints. */
    private static DirectorySheets.Agency commune(String id, String parentId, List<String>... endpoints) {
        return new DirectorySheets.Agency(agency(id, "Ủy ban nhân dân xã " + id, "", "COMMUNE_PEOPLES_COMMITTEE",
                parentId, "ubnd-cap-xa", "", "có"), List.of(endpoints));
    }

    private ResultActions importFile(String name, byte[] content, boolean dryRun) throws Exception {
        return mvc.perform(ADMIN.on(multipart("/api/agencies/import")
                .file(new MockMultipartFile("file", name, "application/octet-stream", content))
                .param("dryRun", String.valueOf(dryRun))));
    }

    private HttpResponse<String> importOverHttp(byte[] file, boolean dryRun) throws Exception {
        String boundary = "directory-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"danh-ba-toan-quoc.csv\""
                + "\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/agencies/import?dryRun=" + dryRun))
                .header("Authorization", ADMIN.bearer())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertReport(JsonNode report, boolean dryRun, int rows, int agencies, int created, int updated,
                                     int unchanged) {
        assertThat(report.path("dryRun").asBoolean()).isEqualTo(dryRun);
        assertThat(report.path("rows").asInt()).isEqualTo(rows);
        assertThat(report.path("agencies").asInt()).isEqualTo(agencies);
        assertThat(report.path("agenciesCreated").asInt()).isEqualTo(created);
        assertThat(report.path("agenciesUpdated").asInt()).isEqualTo(updated);
        assertThat(report.path("unchanged").asInt()).isEqualTo(unchanged);
        assertThat(report.path("errors").isArray()).isTrue();
        assertThat(report.path("errors").size()).isZero();
    }

    /** The AgencyChanged events of agencies whose id starts with {@code prefix}, once their outboxes are drained. */
    private List<IncomingEvent> publishedSnapshots(String prefix) {
        await().atMost(Duration.ofSeconds(60)).until(() -> mongo.getCollection("agencies").countDocuments(
                Filters.and(Filters.regex("_id", "^" + prefix), Filters.exists("outbox.0"))) == 0);
        return readToEnd(TOPIC, e -> e.subject() != null && e.subject().startsWith(prefix));
    }

    /** Every agency's version: what an import that changes nothing leaves as it was. */
    private Map<String, Object> versions() {
        Map<String, Object> versions = new HashMap<>();
        for (Document d : mongo.getCollection("agencies").find()) {
            versions.put(d.getString("_id"), d.get("version"));
        }
        return versions;
    }

    private String document(String id) {
        Document doc = mongo.getCollection("agencies").find(new Document("_id", id)).first();
        assertThat(doc).isNotNull();
        doc.remove("outbox");
        return doc.toJson();
    }
}
