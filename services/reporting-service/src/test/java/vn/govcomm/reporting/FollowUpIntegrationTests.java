package vn.govcomm.reporting;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.HttpClientErrorException;
import tools.jackson.databind.JsonNode;
import vn.govcomm.identity.Caller;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The follow-up report of seed 003 over the running service ({@link FollowUpContext}'s campaigns): JSON, XLSX read
 * back with POI, the printable appendix parsed with jsoup; the period variants; manual and e-mail channels and
 * reminders in the campaign's reports; permalinks as links in the workbook and the print page.
 */
class FollowUpIntegrationTests extends FollowUpContext {

    static final List<String> PRINT_HEADERS = List.of("STT", "Cơ quan, đơn vị", "Kênh chưa thực hiện", "Lý do", "Đã nhắc");

    @Test
    void followUpListsExactlyTheAgenciesThatDidNotComplyPerChannelWithReasonsAndReminders() {
        String id = campaigns().main();
        JsonNode f = get("/api/reports/campaigns/{id}/follow-up", id);

        assertThat(summary(f.toString())).isEqualTo(EXPECTED);
        assertThat(f.path("code").asString()).isEqualTo(CODE);
        assertThat(f.path("issuingAgencyName").asString()).isEqualTo("Sở Tư pháp tỉnh Khánh Hòa");
        assertThat(f.path("legalReferences").get(0).asString()).isEqualTo(LEGAL.getFirst());
        assertThat(f.path("deadline").asString()).isEqualTo("2022-09-20T10:00:00Z");
        assertThat(f.path("deadlinePassed").asBoolean()).isTrue();
        assertThat(f.path("targetAgencies").asInt()).isEqualTo(6);
        assertThat(f.path("nonCompliantAgencies").asInt()).isEqualTo(4);

        JsonNode soYTe = f.path("agencies").get(0);
        assertThat(soYTe.path("name").asString()).isEqualTo("Sở Y tế tỉnh Khánh Hòa");
        JsonNode facebook = soYTe.path("channels").get(0);
        assertThat(facebook.path("channelName").asString()).isEqualTo("Facebook");
        assertThat(facebook.path("status").asString()).isEqualTo("FAILED");
        assertThat(facebook.path("reason").asString()).isEqualTo("Mã truy cập Fanpage đã hết hạn: quản trị viên cần kết nối lại trang.");
        assertThat(soYTe.path("reminders").path("reminded").asInt()).as("a duplicated reminder counts once").isEqualTo(2);
        assertThat(soYTe.path("reminders").path("textEn").asString()).isEqualTo("reminded 2× — 12/09, 15/09");

        JsonNode rejected = f.path("agencies").get(1).path("channels").get(0);
        assertThat(rejected.path("channelName").asString()).isEqualTo("Kênh khác (cơ quan xác nhận)");
        assertThat(rejected.path("reason").asString()).isEqualTo("Minh chứng bị từ chối: Ảnh chụp không thể hiện nội dung thông báo.");
        assertThat(rejected.path("reasonEn").asString()).isEqualTo("Evidence rejected: Ảnh chụp không thể hiện nội dung thông báo.");

        JsonNode camLam = f.path("agencies").get(2);
        JsonNode portal = camLam.path("channels").get(0);
        assertThat(portal.path("status").isNull()).as("nothing ever dispatched").isTrue();
        assertThat(portal.path("reason").asString()).startsWith("Chưa có lượt phát hành nào");
        JsonNode manual = camLam.path("channels").get(1);
        assertThat(manual.path("endpointNames").get(0).asString()).isEqualTo("Loa truyền thanh cơ sở");
        assertThat(manual.path("endpointIds").get(0).asString()).isEqualTo("ubnd-cam-lam.manual");
        assertThat(manual.path("reason").asString()).startsWith("Chưa có minh chứng được chấp nhận");
        assertThat(camLam.path("reminders").path("escalated").asInt()).isEqualTo(1);
        assertThat(camLam.path("reminders").path("failed").asInt()).isEqualTo(1);

        JsonNode bounced = f.path("agencies").get(3).path("channels").get(0);
        assertThat(bounced.path("channelName").asString()).isEqualTo("Thư điện tử");
        assertThat(bounced.path("reason").asString()).isEqualTo("Hộp thư không tồn tại (550 5.1.1).");
    }

    @Test
    void followUpWorkbookHasATitleAFrozenVietnameseHeaderAndOneRowPerAgencyAndChannel() throws Exception {
        String id = campaigns().main();
        var response = http().get().uri("/api/reports/campaigns/{id}/follow-up.xlsx", id).retrieve().toEntity(byte[].class);
        assertThat(response.getHeaders().getContentType().toString())
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(response.getHeaders().getContentDisposition().getFilename()).isEqualTo("chua-thuc-hien-" + id + ".xlsx");
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(response.getBody()))) {
            Sheet sheet = workbook.getSheet("Chưa thực hiện");
            assertThat(sheet).isNotNull();
            assertThat(text(sheet, 0, 0)).isEqualTo("DANH SÁCH CƠ QUAN, ĐƠN VỊ CHƯA THỰC HIỆN TUYÊN TRUYỀN");
            assertThat(sheet.getRow(0).getCell(0).getCellStyle().getFontIndex()).isNotZero();
            assertThat(text(sheet, 1, 0)).contains("số hiệu " + CODE);
            assertThat(text(sheet, 2, 0)).contains("Căn cứ: " + LEGAL.getFirst(), "Hạn hoàn thành: 20/09/2022", "Số liệu tính đến");
            assertThat(sheet.getMergedRegions()).contains(new CellRangeAddress(0, 0, 0, 9));
            assertThat(row(sheet, 3)).containsExactly("STT", "Mã cơ quan", "Cơ quan, đơn vị", "Kênh chưa thực hiện",
                    "Điểm phát hành", "Trạng thái", "Mã lý do", "Lý do", "Đã nhắc", "Gồm cả cơ quan đã sáp nhập/đổi tên");
            assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
            assertThat(sheet.getPaneInformation().getHorizontalSplitPosition()).as("frozen below the header").isEqualTo((short) 4);
            assertThat(sheet.getColumnWidth(2)).isEqualTo(42 * 256);
            assertThat(sheet.getColumnWidth(7)).isEqualTo(70 * 256);

            List<String> lines = new ArrayList<>();
            for (int r = 4; r <= 8; r++) {
                List<String> v = row(sheet, r);
                lines.add(v.get(0) + "|" + v.get(1) + "|" + v.get(3) + "|" + v.get(6) + "|" + v.get(8));
            }
            assertThat(lines).containsExactly(
                    "1|so-y-te|Facebook|FB_TOKEN_EXPIRED|nhắc 2 lần — 12/09, 15/09",
                    "2|so-giao-duc|Kênh khác (cơ quan xác nhận)|EVIDENCE_REJECTED|chưa nhắc",
                    "3|ubnd-cam-lam|Cổng/Trang TTĐT|NO_DELIVERY|" + EXPECTED.get(2).substring(EXPECTED.get(2).lastIndexOf('|') + 1),
                    "3|ubnd-cam-lam|Kênh khác (cơ quan xác nhận)|MANUAL_AWAITING_CONFIRMATION|"
                            + EXPECTED.get(2).substring(EXPECTED.get(2).lastIndexOf('|') + 1),
                    "4|ubnd-ninh-hoa|Thư điện tử|EMAIL_BOUNCED|nhắc 1 lần — 17/09");
            assertThat(row(sheet, 4).get(2)).isEqualTo("Sở Y tế tỉnh Khánh Hòa");
            assertThat(row(sheet, 5).get(7)).isEqualTo("Minh chứng bị từ chối: Ảnh chụp không thể hiện nội dung thông báo.");
            assertThat(row(sheet, 7).get(4)).isEqualTo("Loa truyền thanh cơ sở");
            assertThat(text(sheet, 10, 0)).isEqualTo("Tổng số: 4 cơ quan, đơn vị chưa thực hiện / 6 cơ quan, đơn vị được yêu cầu.");
            assertNoFormula(workbook);
        }
    }

    @Test
    void followUpPrintPageIsAnA4OfficialAppendixWithANumberedTable() {
        String id = campaigns().main();
        String html = http().get().uri("/api/reports/campaigns/{id}/follow-up/print", id).retrieve().body(String.class);
        org.jsoup.nodes.Document page = Jsoup.parse(html);

        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(page.selectFirst("html").attr("lang")).as("the page's language, for screen readers").isEqualTo("vi");
        String css = page.select("style").html();
        assertThat(css).contains("@page", "size: A4", "margin: 20mm 15mm 20mm 30mm", "Times New Roman");
        assertThat(page.selectFirst("p.appendix").text()).isEqualTo("Phụ lục");
        assertThat(page.selectFirst("h1").text()).isEqualTo("DANH SÁCH CƠ QUAN, ĐƠN VỊ CHƯA THỰC HIỆN TUYÊN TRUYỀN");
        assertThat(page.selectFirst("p.attached").text()).contains("Kèm theo Văn bản số", "của Sở Tư pháp tỉnh Khánh Hòa");
        assertThat(page.selectFirst("p.subject").text())
                .isEqualTo("Thông báo triển khai khảo sát mức độ hài lòng năm 2023 (số hiệu " + CODE + ")");
        assertThat(page.selectFirst("p.basis").text()).isEqualTo("Căn cứ: " + LEGAL.get(0) + "; " + LEGAL.get(1)
                + ". Hạn hoàn thành: 20/09/2022 (đã hết hạn).");
        assertThat(page.select("table.follow-up thead th").eachText()).isEqualTo(PRINT_HEADERS);

        List<Element> agencies = page.select("table.follow-up tbody.agency");
        assertThat(agencies).hasSize(4);
        assertThat(page.select("table.follow-up td.stt").eachText()).containsExactly("1", "2", "3", "4");
        assertThat(agencies.get(0).select("td").eachText()).containsExactly("1", "Sở Y tế tỉnh Khánh Hòa", "Facebook",
                "Mã truy cập Fanpage đã hết hạn: quản trị viên cần kết nối lại trang.", "nhắc 2 lần — 12/09, 15/09");
        assertThat(agencies.get(1).select("td.channel").text()).isEqualTo("Kênh khác (cơ quan xác nhận): Bảng tin Bộ phận Một cửa");
        Element camLam = agencies.get(2);
        assertThat(camLam.select("tr")).as("one row per channel").hasSize(2);
        assertThat(camLam.selectFirst("td.agency").attr("rowspan")).isEqualTo("2");
        assertThat(camLam.select("td.channel").eachText()).containsExactly("Cổng/Trang TTĐT",
                "Kênh khác (cơ quan xác nhận): Loa truyền thanh cơ sở");
        assertThat(camLam.select("td.reason").eachText().get(1)).startsWith("Chưa có minh chứng được chấp nhận");
        assertThat(agencies.get(3).select("td.agency").text()).isEqualTo("UBND thị xã Ninh Hòa");
        assertThat(page.select("p.total").text()).isEqualTo("Tổng số: 4 cơ quan, đơn vị chưa thực hiện / 6 cơ quan, đơn vị được yêu cầu.");
    }

    @Test
    void periodFollowUpCoversTheNotCancelledCampaignsDueInThePeriodOfTheIssuersTheCallerReads() throws Exception {
        Campaigns c = campaigns();
        JsonNode september = get("/api/reports/follow-up?from=2022-09-01&to=2022-09-30&issuer={i}", Callers.ISSUING);
        assertThat(ids(september)).containsExactly(c.main());
        assertThat(september.path("issuerName").asString()).isEqualTo("Sở Tư pháp tỉnh Khánh Hòa");
        assertThat(september.path("nonCompliantAgencies").asInt()).isEqualTo(4);
        assertThat(summary(september.path("followUps").get(0).toString())).isEqualTo(EXPECTED);

        assertThat(ids(get("/api/reports/follow-up?from=2022-09-01&to=2022-09-30")))
                .as("an officer without issuer: their own agency's").containsExactly(c.main());
        assertThat(ids(get("/api/reports/follow-up?from=2022-09-01&to=2022-10-31")))
                .containsExactly(c.main(), c.later());
        JsonNode all = JSON.readTree(as(Callers.OTHER, Caller.ADMIN).get().uri("/api/reports/follow-up?from=2022-09-01&to=2022-09-30")
                .retrieve().body(String.class));
        assertThat(ids(all)).as("an admin: every issuer's, by due date").containsExactly(c.foreign(), c.main());
        assertThat(all.path("issuer").isNull()).isTrue();
        assertThat(all.path("followUps").get(0).path("agencies").get(0).path("channels").get(0).path("code").asString())
                .isEqualTo("NO_DELIVERY");

        byte[] xlsx = http().get().uri("/api/reports/follow-up.xlsx?from=2022-09-01&to=2022-10-31").retrieve().body(byte[].class);
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = workbook.getSheet("Chưa thực hiện");
            assertThat(text(sheet, 1, 0)).contains("từ ngày 01/09/2022 đến ngày 31/10/2022", "Sở Tư pháp tỉnh Khánh Hòa");
            assertThat(row(sheet, 3).subList(0, 5)).containsExactly("STT", "Số hiệu chiến dịch", "Chiến dịch", "Hạn hoàn thành", "Mã cơ quan");
            List<String> lines = new ArrayList<>();
            for (int r = 4; r <= sheet.getLastRowNum(); r++) {
                List<String> v = row(sheet, r);
                if (v.size() > 7) {
                    lines.add(v.get(0) + "|" + v.get(1) + "|" + v.get(3) + "|" + v.get(4) + "|" + v.get(9));
                }
            }
            assertThat(lines).containsExactly("1|" + CODE + "|20/09/2022|so-y-te|FB_TOKEN_EXPIRED",
                    "2|" + CODE + "|20/09/2022|so-giao-duc|EVIDENCE_REJECTED",
                    "3|" + CODE + "|20/09/2022|ubnd-cam-lam|NO_DELIVERY",
                    "3|" + CODE + "|20/09/2022|ubnd-cam-lam|MANUAL_AWAITING_CONFIRMATION",
                    "4|" + CODE + "|20/09/2022|ubnd-ninh-hoa|EMAIL_BOUNCED",
                    "5|STP-CCHC-2022-10|05/10/2022|so-y-te|MANUAL_AWAITING_CONFIRMATION");
            assertNoFormula(workbook);
        }

        org.jsoup.nodes.Document page = Jsoup.parse(http().get()
                .uri("/api/reports/follow-up/print?from=2022-09-01&to=2022-10-31").retrieve().body(String.class));
        assertThat(page.selectFirst("p.appendix").text()).isEqualTo("Phụ lục");
        assertThat(page.selectFirst("p.subject").text()).isEqualTo("(Các chiến dịch có hạn hoàn thành từ ngày 01/09/2022 đến ngày 31/10/2022)");
        assertThat(page.select("h2").eachText()).containsExactly("I. Thông báo triển khai khảo sát mức độ hài lòng năm 2023 (số hiệu "
                + CODE + ")", "II. Thông báo triển khai khảo sát mức độ hài lòng năm 2023 (số hiệu STP-CCHC-2022-10)");
        assertThat(page.select("table.follow-up")).hasSize(2);
        assertThat(page.select("table.follow-up").get(1).select("tbody.agency td.agency").text()).isEqualTo("Sở Y tế tỉnh Khánh Hòa");
        assertThat(page.select("p.total").text()).isEqualTo("Tổng số: 5 cơ quan, đơn vị chưa thực hiện / 7 cơ quan, đơn vị được yêu cầu.");
    }

    @Test
    void aBadPeriodIsAProblem() {
        for (String query : List.of("from=2022-09-30&to=2022-09-01", "to=2022-09-30", "from=2022-09-01&to=30/09/2022",
                "from=2021-01-01&to=2022-12-31")) {
            assertThatThrownBy(() -> http().get().uri("/api/reports/follow-up?" + query).retrieve().body(String.class))
                    .as(query).isInstanceOfSatisfying(HttpClientErrorException.BadRequest.class, e -> {
                        assertThat(e.getResponseHeaders().getContentType().toString()).startsWith("application/problem+json");
                        assertThat(e.getResponseBodyAsString()).contains("\"code\":\"invalid-period\"");
                    });
        }
    }

    @Test
    void theCampaignsReportsShowTheManualAndEmailChannelsOnlyTheChannelsItUsesAndTheReminders() {
        String id = campaigns().main();
        JsonNode grid = get("/api/reports/campaigns/{id}/compliance", id);
        List<String> channels = new ArrayList<>();
        grid.path("channels").forEach(c -> channels.add(c.asString()));
        assertThat(channels).as("no LED: the campaign does not use it").containsExactly("portal", "facebook", "zalo", "manual", "email");
        JsonNode soYTe = grid.path("agencies").get(1);
        assertThat(soYTe.path("agencyId").asString()).isEqualTo("so-y-te");
        assertThat(soYTe.path("reminders").path("text").asString()).isEqualTo("nhắc 2 lần — 12/09, 15/09");
        assertThat(soYTe.path("cells").has("led")).isFalse();
        JsonNode soGiaoDuc = grid.path("agencies").get(2);
        assertThat(soGiaoDuc.path("reasons").get(0).path("code").asString()).isEqualTo("EVIDENCE_REJECTED");
        assertThat(soGiaoDuc.path("reasons").get(0).path("message").asString())
                .isEqualTo("Minh chứng bị từ chối: Ảnh chụp không thể hiện nội dung thông báo.");
        assertThat(get("/api/reports/campaigns/{id}/agencies?size=10", id).path("agencies").findValuesAsString("text"))
                .contains("nhắc 2 lần — 12/09, 15/09", "nhắc 1 lần — 17/09");
        assertThat(get("/api/reports/campaigns/{id}", id).path("byChannel").has("manual")).isTrue();

        String csv = http().get().uri("/api/reports/campaigns/{id}/export/compliance.csv", id).retrieve().body(String.class);
        String header = csv.lines().findFirst().orElseThrow();
        assertThat(header).contains("Kênh khác (cơ quan xác nhận)", "Thư điện tử", "Đã nhắc").doesNotContain("Màn hình LED");
        assertThat(csv).contains("nhắc 2 lần — 12/09, 15/09");
        String print = http().get().uri("/api/reports/campaigns/{id}/export/print", id).retrieve().body(String.class);
        assertThat(print).contains("Đã nhắc: nhắc 2 lần — 12/09, 15/09", "Thư điện tử");
    }

    @Test
    void inTheGridAManualChannelIsOverdueOnlyAfterTheDeadlineAnAutomatedOneAfterPublishAtAndGrace() {
        String id = campaigns().main();
        // publishAt 05/09 17:00, grace 24 h → automated channels due 06/09 17:00; deadline 20/09 17:00 (+07:00).
        JsonNode between = get("/api/reports/campaigns/{id}/compliance?asOf={t}", id, "2022-09-10T00:00:00Z");
        JsonNode camLam = between.path("agencies").get(3);
        assertThat(camLam.path("agencyId").asString()).isEqualTo("ubnd-cam-lam");
        assertThat(camLam.path("cells").path("portal").path("state").asString()).isEqualTo("OVERDUE");
        assertThat(camLam.path("cells").path("manual").path("state").asString()).isEqualTo("PENDING");
        assertThat(between.path("deadline").asString()).isEqualTo("2022-09-20T10:00:00Z");
        JsonNode after = get("/api/reports/campaigns/{id}/compliance?asOf={t}", id, "2022-09-21T00:00:00Z");
        assertThat(after.path("agencies").get(3).path("cells").path("manual").path("state").asString()).isEqualTo("OVERDUE");
    }

    @Test
    void everyPublishedDeliverysPermalinkIsALinkInTheWorkbookAndOnThePrintPage() throws Exception {
        String id = campaigns().main();
        Set<String> published = Set.of(WORDPRESS, FACEBOOK, EVIDENCE, FEED_ITEM, ZALO_C, ZALO_F, CONSOLE);

        byte[] xlsx = http().get().uri("/api/reports/campaigns/{id}/export/report.xlsx", id).retrieve().body(byte[].class);
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet details = workbook.getSheet("Chi tiết");
            assertThat(details.getRow(0).getCell(10).getStringCellValue()).isEqualTo("Liên kết");
            Set<String> links = new LinkedHashSet<>();
            for (int r = 1; r <= details.getLastRowNum(); r++) {
                Cell cell = details.getRow(r).getCell(10);
                assertThat(cell.getCellType()).isEqualTo(CellType.STRING);
                if (!cell.getStringCellValue().isEmpty()) {
                    assertThat(cell.getHyperlink()).as("row %d", r).isNotNull();
                    assertThat(cell.getHyperlink().getAddress()).isEqualTo(cell.getStringCellValue());
                    links.add(cell.getStringCellValue());
                }
            }
            assertThat(links).containsExactlyInAnyOrderElementsOf(published);
            List<String> endpoints = new ArrayList<>();
            for (int r = 1; r <= details.getLastRowNum(); r++) {
                endpoints.add(details.getRow(r).getCell(4).getStringCellValue());
            }
            assertThat(endpoints).contains("Loa truyền thanh cơ sở (ubnd-cam-lam.manual)");
            assertNoFormula(workbook);
        }

        org.jsoup.nodes.Document page = Jsoup.parse(http().get().uri("/api/reports/campaigns/{id}/export/print", id)
                .retrieve().body(String.class));
        assertThat(page.selectFirst("html").attr("lang")).isEqualTo("vi");
        List<Element> rows = page.select("table.links tbody tr");
        assertThat(rows).hasSize(published.size());
        Set<String> hrefs = new LinkedHashSet<>(page.select("table.links a[href]").eachAttr("href"));
        assertThat(hrefs).containsExactlyInAnyOrderElementsOf(published);
        page.select("table.links a[href]").forEach(a -> assertThat(a.text()).as("spelled out for paper").isEqualTo(a.attr("href")));
        assertThat(page.select("table.links td").eachText()).contains("Kênh khác (cơ quan xác nhận)", "Zalo OA", "Facebook");
        assertThat(page.select("a[href=" + FACEBOOK + "]").eachText()).as("the published grid cell links to the post")
                .contains("Đã đăng", FACEBOOK);
    }

    private static List<String> ids(JsonNode period) {
        List<String> ids = new ArrayList<>();
        period.path("followUps").forEach(f -> ids.add(f.path("campaignId").asString()));
        return ids;
    }

    private static String text(Sheet sheet, int row, int column) {
        Row r = sheet.getRow(row);
        return r == null || r.getCell(column) == null ? "" : r.getCell(column).getStringCellValue();
    }

    private static List<String> row(Sheet sheet, int r) {
        List<String> values = new ArrayList<>();
        Row row = sheet.getRow(r);
        if (row != null) {
            for (int c = 0; c < row.getLastCellNum(); c++) {
                values.add(row.getCell(c) == null ? "" : row.getCell(c).getStringCellValue());
            }
        }
        return values;
    }

    private static void assertNoFormula(XSSFWorkbook workbook) {
        for (Sheet sheet : workbook) {
            for (Row row : sheet) {
                for (Cell cell : row) {
                    assertThat(cell.getCellType()).as("%s!%s", sheet.getSheetName(), cell.getAddress()).isNotEqualTo(CellType.FORMULA);
                }
            }
        }
    }
}
