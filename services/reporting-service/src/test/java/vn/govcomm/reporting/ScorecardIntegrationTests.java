package vn.govcomm.reporting;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The periodic scorecard over the running service ({@link ScorecardContext}): on time, late and missing at the
 * due time's boundaries, quarters in Asia/Ho_Chi_Minh, retracted channels and cancelled campaigns left out,
 * reminders counted, worst first; the JSON, the XLSX read back with POI cell by cell, the print page parsed with
 * jsoup; an agency's own row across issuers; bad periods.
 */
class ScorecardIntegrationTests extends ScorecardContext {

    /** Q1 2019 of the issuing agency, worst first: agency|campaigns|channel:required/onTime/late/missing/notYetDue,...|rate|reminders/escalations. */
    static final List<String> Q1 = List.of(
            "so-y-te|1|zalo:1/0/0/1/0,led:1/1/0/0/0|0.5|2/1",
            "ubnd-dien-khanh|1|portal:1/1/0/0/0,manual:1/0/1/0/0|0.5|0/0",
            "ubnd-cam-ranh|2|portal:1/1/0/0/0,facebook:1/0/1/0/0,email:1/1/0/0/0|0.6667|0/0");

    @Test
    void scoresEachAgencyOfAQuarterOnTimeLateAndMissingAtTheDueTimesBoundaries() {
        campaigns();
        JsonNode card = get("/api/reports/scorecards?period=2019-Q1");
        assertThat(card.path("period").asString()).isEqualTo("2019-Q1");
        assertThat(card.path("from").asString()).isEqualTo("2019-01-01");
        assertThat(card.path("to").asString()).isEqualTo("2019-03-31");
        assertThat(card.path("issuer").asString()).as("an officer without issuer: their own agency's campaigns").isEqualTo(Callers.ISSUING);
        assertThat(card.path("issuerName").asString()).isEqualTo("Sở Tư pháp tỉnh Khánh Hòa");
        // q1 (31/03 23:30 local) and q1Start (01/01 05:00 local, 2018 in UTC) are in Q1; q2 (01/04 00:30 local) and
        // the cancelled campaign are not.
        assertThat(card.path("campaigns").asInt()).isEqualTo(2);
        assertThat(summary(card)).containsExactly(Q1.toArray(String[]::new));
        assertThat(card.path("agencies").get(0).path("name").asString()).isEqualTo("Sở Y tế tỉnh Khánh Hòa");
        assertThat(card.path("agencies").get(0).path("channels").get(0).path("channelName").asString()).isNotBlank().isNotEqualTo("zalo");
        List<String> totals = new ArrayList<>();
        card.path("totals").forEach(t -> totals.add(channel(t)));
        assertThat(totals).containsExactly("portal:2/2/0/0/0", "facebook:1/0/1/0/0", "zalo:1/0/0/1/0", "led:1/1/0/0/0",
                "manual:1/0/1/0/0", "email:1/1/0/0/0");
        JsonNode overall = card.path("overall");
        assertThat(List.of(overall.path("required").asInt(), overall.path("onTime").asInt(), overall.path("late").asInt(),
                overall.path("missing").asInt())).containsExactly(7, 4, 2, 1);
        assertThat(overall.path("onTimeRate").asDouble()).isEqualTo(0.5714);
    }

    @Test
    void aYearTakesTheNextQuartersCampaignAndADayRangeTheSameRule() {
        campaigns();
        JsonNode year = get("/api/reports/scorecards?period=2019");
        assertThat(year.path("campaigns").asInt()).isEqualTo(3);
        assertThat(summary(year).getFirst()).isEqualTo("so-y-te|2|portal:1/0/0/1/0,zalo:1/0/0/1/0,led:1/1/0/0/0|0.3333|2/1");
        JsonNode days = get("/api/reports/scorecards?from=2019-01-01&to=2019-03-31");
        assertThat(days.path("period").asString()).isEqualTo("2019-01-01..2019-03-31");
        assertThat(summary(days)).containsExactly(Q1.toArray(String[]::new));
        JsonNode april = get("/api/reports/scorecards?from=2019-04-01&to=2019-04-01");
        assertThat(summary(april)).containsExactly("so-y-te|1|portal:1/0/0/1/0|0.0|0/0");
    }

    @Test
    void somethingNotDueYetIsNeitherMissingNorInTheRate() {
        campaigns();
        JsonNode card = get("/api/reports/scorecards?period=2099-Q2");
        assertThat(summary(card)).containsExactly("ubnd-cam-ranh|1|portal:1/0/0/0/1|null|0/0");
        assertThat(card.path("overall").path("onTimeRate").isNull()).isTrue();
    }

    @Test
    void anAgencysOwnUsersSeeTheirRowAcrossEveryIssuerThatTargetedThem() {
        campaigns();
        JsonNode own = JSON.readTree(as(Y_TE, Caller.OFFICER).get().uri("/api/reports/scorecards?period=2019-Q1&agency=" + Y_TE)
                .retrieve().body(String.class));
        assertThat(own.path("agency").asString()).isEqualTo(Y_TE);
        assertThat(own.path("campaigns").asInt()).as("q1 and foreign, of two issuers").isEqualTo(2);
        assertThat(summary(own)).containsExactly("so-y-te|2|portal:1/1/0/0/0,zalo:1/0/0/1/0,led:1/1/0/0/0|0.6667|2/1");
        JsonNode issuers = JSON.readTree(as(Callers.ISSUING, Caller.OFFICER).get()
                .uri("/api/reports/scorecards?period=2019-Q1&agency=" + Y_TE).retrieve().body(String.class));
        assertThat(summary(issuers)).as("the issuer: the agency's row over its own campaigns only").containsExactly(Q1.getFirst());
        JsonNode admin = JSON.readTree(as(Callers.OTHER, Caller.ADMIN).get().uri("/api/reports/scorecards?period=2019-Q1")
                .retrieve().body(String.class));
        assertThat(admin.path("campaigns").asInt()).as("an admin: every issuer's").isEqualTo(3);
        assertThat(summary(admin).getFirst()).isEqualTo("ubnd-dien-khanh|1|portal:1/1/0/0/0,manual:1/0/1/0/0|0.5|0/0");
    }

    @Test
    void theWorkbookHasTheTitleBlockFrozenHeaderAndPercentagesAsNumbers() throws Exception {
        campaigns();
        var response = http().get().uri("/api/reports/scorecards.xlsx?period=2019-Q1").retrieve().toEntity(byte[].class);
        assertThat(response.getHeaders().getContentType().toString())
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(response.getHeaders().getContentDisposition().getFilename()).isEqualTo("bang-danh-gia-2019-01-01-2019-03-31.xlsx");
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(response.getBody()))) {
            org.apache.poi.xssf.usermodel.XSSFSheet sheet = workbook.getSheet("Bảng đánh giá");
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue())
                    .isEqualTo("BẢNG ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN TUYÊN TRUYỀN CỦA CÁC CƠ QUAN, ĐƠN VỊ");
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).isEqualTo("Quý I năm 2019 (từ ngày 01/01/2019 đến ngày 31/03/2019) — Sở Tư pháp tỉnh Khánh Hòa");
            assertThat(sheet.getRow(2).getCell(0).getStringCellValue()).contains("do Sở Tư pháp tỉnh Khánh Hòa ban hành", ": 2.",
                    "Số liệu tính đến");
            List<CellRangeAddress> merged = sheet.getMergedRegions();
            assertThat(merged).hasSize(3);
            assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
            assertThat(sheet.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 4);
            assertThat(sheet.getPaneInformation().getVerticalSplitPosition()).isEqualTo((short) 3);
            List<String> header = text(sheet.getRow(3));
            assertThat(header.subList(0, 9)).containsExactly("STT", "Mã cơ quan", "Cơ quan, đơn vị", "Số chiến dịch",
                    header.get(4), header.get(5), header.get(6), header.get(7), header.get(8));
            assertThat(header.get(4)).endsWith(": yêu cầu");
            assertThat(header.get(8)).endsWith(": tỷ lệ đúng hạn");
            assertThat(header).hasSize(4 + 6 * 5 + 9).endsWith("Tổng yêu cầu", "Tổng đúng hạn", "Tổng trễ hạn",
                    "Tổng chưa thực hiện", "Chưa đến hạn", "Tỷ lệ đúng hạn chung", "Số lần được nhắc", "Số lần bị đôn đốc",
                    "Gồm cả cơ quan đã sáp nhập/đổi tên");
            assertThat(sheet.getColumnWidth(2)).isEqualTo(40 * 256);
            assertThat(sheet.getCTWorksheet().getAutoFilter().getRef()).isEqualTo("A4:AQ7");

            // so-y-te, worst: zalo (columns 14..18) missing, LED (19..23) on time; overall at 34.., reminders, escalations.
            Row worst = sheet.getRow(4);
            assertThat(worst.getCell(0).getNumericCellValue()).isEqualTo(1);
            assertThat(worst.getCell(1).getStringCellValue()).isEqualTo(Y_TE);
            assertThat(worst.getCell(3).getNumericCellValue()).isEqualTo(1);
            assertThat(worst.getCell(4)).as("no portal required of it").isNull();
            assertThat(numbers(worst, 14, 18)).containsExactly(1.0, 0.0, 0.0, 1.0, 0.0);
            assertThat(numbers(worst, 19, 23)).containsExactly(1.0, 1.0, 0.0, 0.0, 1.0);
            assertThat(numbers(worst, 34, 41)).containsExactly(2.0, 1.0, 0.0, 1.0, 0.0, 0.5, 2.0, 1.0);
            Cell rate = worst.getCell(39);
            assertThat(rate.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(rate.getCellStyle().getDataFormatString()).isEqualTo("0.0%");
            assertThat(sheet.getRow(5).getCell(1).getStringCellValue()).isEqualTo(DIEN_KHANH);
            Row best = sheet.getRow(6);
            assertThat(best.getCell(1).getStringCellValue()).isEqualTo(CAM_RANH);
            assertThat(best.getCell(8).getNumericCellValue()).isEqualTo(1.0);
            assertThat(best.getCell(39).getNumericCellValue()).isEqualTo(0.6667);

            Row province = sheet.getRow(8);
            assertThat(province.getCell(2).getStringCellValue()).isEqualTo("Toàn tỉnh");
            assertThat(numbers(province, 4, 8)).containsExactly(2.0, 2.0, 0.0, 0.0, 1.0);
            assertThat(numbers(province, 34, 41)).containsExactly(7.0, 4.0, 2.0, 1.0, 0.0, 0.5714, 2.0, 1.0);
            assertThat(province.getCell(39).getCellStyle().getDataFormatString()).isEqualTo("0.0%");
            for (Row row : sheet) {
                for (Cell cell : row) {
                    assertThat(cell.getCellType()).isNotEqualTo(CellType.FORMULA);
                }
            }
        }
    }

    @Test
    void thePrintPageIsAVietnameseA4AppendixWorstFirst() {
        campaigns();
        String html = http().get().uri("/api/reports/scorecards/print?period=2019-Q1").retrieve().body(String.class);
        org.jsoup.nodes.Document page = Jsoup.parse(html);
        assertThat(page.selectFirst("html").attr("lang")).as("the page's language, for screen readers").isEqualTo("vi");
        assertThat(page.selectFirst("meta[name=viewport]").attr("content")).isEqualTo("width=device-width, initial-scale=1");
        assertThat(page.selectFirst("p.appendix").text()).isEqualTo("Phụ lục");
        assertThat(page.selectFirst("h1").text()).isEqualTo("BẢNG ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN TUYÊN TRUYỀN CỦA CÁC CƠ QUAN, ĐƠN VỊ");
        assertThat(page.selectFirst("p.subject").text()).isEqualTo("Quý I năm 2019 (từ ngày 01/01/2019 đến ngày 31/03/2019)");
        assertThat(page.selectFirst("p.attached").text()).endsWith("của Sở Tư pháp tỉnh Khánh Hòa)");
        String css = page.selectFirst("style").data();
        assertThat(css).contains("size: A4", "margin: 20mm 15mm 20mm 30mm", "\"Times New Roman\"", "font-size: 13pt");
        assertThat(page.select("table.scorecard thead th").eachText()).containsExactly("STT", "Cơ quan, đơn vị", "Kênh",
                "Yêu cầu", "Đúng hạn", "Trễ hạn", "Chưa thực hiện", "Tỷ lệ đúng hạn", "Nhắc / đôn đốc");
        List<Element> agencies = page.select("tbody.agency");
        assertThat(agencies).hasSize(3);
        assertThat(agencies.getFirst().selectFirst("td.agency").text()).isEqualTo("Sở Y tế tỉnh Khánh Hòa (1 chiến dịch)");
        assertThat(agencies.getFirst().selectFirst("td.reminded").text()).isEqualTo("nhắc 2 lần; đôn đốc 1 lần");
        assertThat(agencies.getFirst().select("tr.overall td").eachText()).containsExactly("Chung", "2", "1", "0", "1", "50,0%");
        assertThat(agencies.get(2).select("tr").getFirst().select("td.stt").text()).isEqualTo("3");
        assertThat(page.select("tfoot tr.overall td").eachText())
                .containsExactly("Toàn tỉnh", "Chung", "7", "4", "2", "1", "57,1%", "nhắc 2 lần; đôn đốc 1 lần");
        assertThat(page.selectFirst("p.rules").text()).startsWith("Đúng hạn:");
    }

    @Test
    void aBadPeriodIsAProblem() {
        campaigns();
        for (String query : List.of("", "?period=2019-Q5", "?period=19", "?period=2019&from=2019-01-01", "?from=2019-01-01",
                "?from=2019-03-01&to=2019-02-01", "?from=2019-01-01&to=2020-12-31", "?from=01/01/2019&to=2019-02-01")) {
            assertThatThrownBy(() -> http().get().uri("/api/reports/scorecards" + query).retrieve().body(String.class))
                    .as(query).isInstanceOfSatisfying(HttpClientErrorException.BadRequest.class, e -> {
                        assertThat(e.getResponseHeaders().getContentType().toString()).startsWith("application/problem+json");
                        assertThat(e.getResponseBodyAsString()).contains("\"code\":\"invalid-period\"");
                    });
        }
    }

    private static List<String> summary(JsonNode card) {
        List<String> lines = new ArrayList<>();
        for (JsonNode a : card.path("agencies")) {
            List<String> channels = new ArrayList<>();
            a.path("channels").forEach(c -> channels.add(channel(c)));
            JsonNode rate = a.path("overall").path("onTimeRate");
            lines.add(a.path("agencyId").asString() + "|" + a.path("campaigns").asInt() + "|" + String.join(",", channels) + "|"
                    + (rate.isNull() ? "null" : String.valueOf(rate.asDouble())) + "|" + a.path("reminders").asInt() + "/"
                    + a.path("escalations").asInt());
        }
        return lines;
    }

    private static String channel(JsonNode c) {
        return c.path("channel").asString() + ":" + c.path("required").asInt() + "/" + c.path("onTime").asInt() + "/"
                + c.path("late").asInt() + "/" + c.path("missing").asInt() + "/" + c.path("notYetDue").asInt();
    }

    private static List<String> text(Row row) {
        List<String> values = new ArrayList<>();
        row.forEach(c -> values.add(c.getStringCellValue()));
        return values;
    }

    private static List<Double> numbers(Row row, int first, int last) {
        List<Double> values = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            values.add(row.getCell(i).getNumericCellValue());
        }
        return values;
    }
}
