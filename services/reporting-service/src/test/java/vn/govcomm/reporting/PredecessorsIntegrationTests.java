package vn.govcomm.reporting;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.bson.Document;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.reporting.projections.ReadModels;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "Formerly X": after a merger (a directory snapshot with {@code successorId}), every output that shows the
 * successor's row names its predecessor with the date, Vietnamese and English in the JSON (structured too), an extra
 * column in the XLSX and CSV exports (read back with POI and Commons CSV), a line under the name on paper; the
 * deliveries export names the predecessor on each row moved from it. Its own agencies and period (Q1/2031), so the
 * other scenarios are untouched.
 */
class PredecessorsIntegrationTests extends ReportingServiceContext {

    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 6);
    static final String FORMER = "so-nn-ptnt-" + SUFFIX;
    static final String SUCCESSOR = "so-nn-mt-" + SUFFIX;
    static final String FORMER_NAME = "Sở Nông nghiệp và PTNT";
    static final String SUCCESSOR_NAME = "Sở Nông nghiệp và Môi trường";
    /** 01/03/2025 00:30 in Asia/Ho_Chi_Minh: still 28/02 in UTC, so the date is printed in Vietnam's zone. */
    static final String MERGED_AT = "2025-02-28T17:30:00Z";
    /** When the directory published the merger: later than its legal date, which the reports print. */
    static final String PUBLISHED_AT = "2025-07-01T02:00:00Z";
    static final String TEXT = "gồm cả: " + FORMER_NAME + " (đã sáp nhập 01/03/2025)";
    static final String TEXT_EN = "includes: " + FORMER_NAME + " (merged 01/03/2025)";
    static final String LABEL = FORMER_NAME + " (đã sáp nhập 01/03/2025)";

    private static String campaignId;

    /** A plan for the predecessor (portal published, Facebook failed), then the merger once its rows are in. */
    String merged() {
        synchronized (PredecessorsIntegrationTests.class) {
            if (campaignId == null) {
                String id = Scenario.randomCampaignId();
                Scenario s = new Scenario(kafka, id);
                s.agency(Callers.ISSUING, "Sở Tư pháp tỉnh Khánh Hòa");
                s.agency(FORMER, FORMER_NAME);
                s.agency(SUCCESSOR, SUCCESSOR_NAME);
                Map<String, List<String>> targets = new LinkedHashMap<>();
                targets.put(FORMER, List.of("portal", "facebook"));
                s.scheduled(Callers.ISSUING, "STP-2031-01", "2031-03-20T17:00:00+07:00", List.of(), targets);
                s.request(FORMER, "portal");
                s.status(FORMER, "portal", "PUBLISHED", null, null);
                s.request(FORMER, "facebook");
                s.status(FORMER, "facebook", "FAILED", "FB_TOKEN_EXPIRED", "Mã truy cập đã hết hạn");
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                    assertThat(row(s.deliveryId(FORMER, "portal")).getString("status")).isEqualTo("PUBLISHED");
                    assertThat(row(s.deliveryId(FORMER, "facebook")).getString("status")).isEqualTo("FAILED");
                    assertThat(mongo.findById(SUCCESSOR, Document.class, ReadModels.AGENCIES)).isNotNull();
                });

                ObjectNode succeeded = Scenario.example(Scenario.AGENCY);
                succeeded.put("agencyId", FORMER).put("name", FORMER_NAME).put("active", false)
                        .put("successorId", SUCCESSOR).put("successionKind", "MERGED").put("succeededAt", MERGED_AT)
                        .put("occurredAt", PUBLISHED_AT);
                succeeded.putArray("endpoints");
                s.send("directory.agencies", FORMER, Scenario.AGENCY, succeeded);
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
                    for (String channel : List.of("portal", "facebook")) {
                        Document moved = row(s.deliveryId(FORMER, channel));
                        assertThat(moved.getString("agencyId")).isEqualTo(SUCCESSOR);
                        assertThat(moved.getString("formerAgencyId")).isEqualTo(FORMER);
                    }
                    assertThat(mongo.findById(FORMER, Document.class, ReadModels.AGENCIES).getString("successionApplied"))
                            .isEqualTo(SUCCESSOR);
                });
                campaignId = id;
            }
            return campaignId;
        }
    }

    @Test
    void theFollowUpNamesThePredecessorInJsonXlsxAndPrint() throws IOException {
        String id = merged();
        JsonNode agency = get("/api/reports/campaigns/{id}/follow-up", id).path("agencies").get(0);
        assertThat(agency.path("agencyId").asString()).isEqualTo(SUCCESSOR);
        assertPredecessors(agency.path("predecessors"));

        try (XSSFWorkbook workbook = xlsx("/api/reports/campaigns/{id}/follow-up.xlsx", id)) {
            Sheet sheet = workbook.getSheet("Chưa thực hiện");
            Row header = sheet.getRow(3);
            int column = header.getLastCellNum() - 1;
            assertThat(header.getCell(column).getStringCellValue()).isEqualTo("Gồm cả cơ quan đã sáp nhập/đổi tên");
            assertThat(sheet.getRow(4).getCell(1).getStringCellValue()).isEqualTo(SUCCESSOR);
            assertThat(sheet.getRow(4).getCell(column).getStringCellValue()).isEqualTo(TEXT);
        }

        String print = http().get().uri("/api/reports/campaigns/{id}/follow-up/print", id).retrieve().body(String.class);
        assertThat(Jsoup.parse(print).select("td.agency").first().text()).isEqualTo(SUCCESSOR_NAME + " (" + TEXT + ")");
    }

    @Test
    void theScorecardNamesThePredecessorInJsonXlsxAndPrint() throws IOException {
        merged();
        JsonNode agency = get("/api/reports/scorecards?period=2031-Q1").path("agencies").get(0);
        assertThat(agency.path("agencyId").asString()).isEqualTo(SUCCESSOR);
        assertThat(agency.path("channels")).as("the predecessor's portal and Facebook").hasSize(2);
        assertPredecessors(agency.path("predecessors"));

        try (XSSFWorkbook workbook = xlsx("/api/reports/scorecards.xlsx?period=2031-Q1")) {
            Sheet sheet = workbook.getSheet("Bảng đánh giá");
            Row header = sheet.getRow(3);
            int column = header.getLastCellNum() - 1;
            assertThat(header.getCell(column).getStringCellValue()).isEqualTo("Gồm cả cơ quan đã sáp nhập/đổi tên");
            assertThat(sheet.getRow(4).getCell(1).getStringCellValue()).isEqualTo(SUCCESSOR);
            assertThat(sheet.getRow(4).getCell(column).getStringCellValue()).isEqualTo(TEXT);
        }

        String print = http().get().uri("/api/reports/scorecards/print?period=2031-Q1").retrieve().body(String.class);
        assertThat(Jsoup.parse(print).select("td.agency .predecessors").text()).isEqualTo("(" + TEXT + ")");

        // Asked for the merged agency by its old id (a bookmark, another system): the successor's scorecard, whose
        // row includes the predecessor's history.
        JsonNode byOldId = get("/api/reports/scorecards?period=2031-Q1&agency=" + FORMER);
        assertThat(byOldId.path("agency").asString()).isEqualTo(SUCCESSOR);
        assertThat(byOldId.path("agencies")).hasSize(1);
        assertThat(byOldId.path("agencies").get(0).path("agencyId").asString()).isEqualTo(SUCCESSOR);
        assertPredecessors(byOldId.path("agencies").get(0).path("predecessors"));
    }

    @Test
    void theCampaignsGridAndExportsNameThePredecessorAndEachMovedDelivery() throws IOException {
        String id = merged();
        JsonNode grid = get("/api/reports/campaigns/{id}/compliance", id).path("agencies");
        assertThat(grid).hasSize(1);
        assertThat(grid.get(0).path("agencyId").asString()).isEqualTo(SUCCESSOR);
        assertPredecessors(grid.get(0).path("predecessors"));
        JsonNode counts = get("/api/reports/campaigns/{id}/agencies", id).path("agencies").get(0);
        assertThat(counts.path("agencyId").asString()).isEqualTo(SUCCESSOR);
        assertPredecessors(counts.path("predecessors"));

        List<CSVRecord> compliance = csv(http().get().uri("/api/reports/campaigns/{id}/export/compliance.csv", id)
                .retrieve().body(String.class));
        assertThat(compliance.get(0).get(compliance.get(0).size() - 1)).isEqualTo("Gồm cả cơ quan đã sáp nhập/đổi tên");
        assertThat(compliance.get(1).get(1)).isEqualTo(SUCCESSOR);
        assertThat(compliance.get(1).get(compliance.get(1).size() - 1)).isEqualTo(TEXT);

        List<CSVRecord> deliveries = csv(http().get().uri("/api/reports/campaigns/{id}/export/deliveries.csv", id)
                .retrieve().body(String.class));
        assertThat(deliveries).hasSize(3);
        assertThat(deliveries.get(0).get(11)).isEqualTo("Chuyển từ cơ quan (đã sáp nhập/đổi tên)");
        for (CSVRecord delivery : deliveries.subList(1, 3)) {
            assertThat(delivery.get(1)).isEqualTo(SUCCESSOR);
            assertThat(delivery.get(2)).isEqualTo(SUCCESSOR_NAME);
            assertThat(delivery.get(11)).isEqualTo(LABEL);
        }

        try (XSSFWorkbook workbook = xlsx("/api/reports/campaigns/{id}/export/report.xlsx", id)) {
            Sheet sheet = workbook.getSheet("Tuân thủ");
            int column = sheet.getRow(0).getLastCellNum() - 1;
            assertThat(sheet.getRow(0).getCell(column).getStringCellValue()).isEqualTo("Gồm cả cơ quan đã sáp nhập/đổi tên");
            assertThat(sheet.getRow(1).getCell(1).getStringCellValue()).isEqualTo(SUCCESSOR);
            assertThat(sheet.getRow(1).getCell(column).getStringCellValue()).isEqualTo(TEXT);
            Sheet details = workbook.getSheet("Chi tiết");
            assertThat(details.getRow(0).getCell(11).getStringCellValue()).isEqualTo("Chuyển từ cơ quan (đã sáp nhập/đổi tên)");
            List<String> former = new ArrayList<>();
            for (int r = 1; r <= details.getLastRowNum(); r++) {
                former.add(details.getRow(r).getCell(1).getStringCellValue() + "|" + details.getRow(r).getCell(11).getStringCellValue());
            }
            assertThat(former).containsExactly(SUCCESSOR + "|" + LABEL, SUCCESSOR + "|" + LABEL);
        }

        String print = http().get().uri("/api/reports/campaigns/{id}/export/print", id).retrieve().body(String.class);
        assertThat(Jsoup.parse(print).select(".predecessors").eachText()).as("the non-compliant list and the grid")
                .containsExactly("(" + TEXT + ")", "(" + TEXT + ")");
    }

    @Test
    void theTimelineNamesWhoseRowsCameFromAPredecessor() {
        String id = merged();
        JsonNode successions = get("/api/reports/campaigns/{id}/timeline", id).path("successions");
        assertThat(successions).hasSize(1);
        assertThat(successions.get(0).path("agencyId").asString()).isEqualTo(SUCCESSOR);
        assertThat(successions.get(0).path("name").asString()).isEqualTo(SUCCESSOR_NAME);
        assertThat(successions.get(0).path("moved").asLong()).isEqualTo(2);
        assertPredecessors(successions.get(0).path("predecessors"));
    }

    private static void assertPredecessors(JsonNode predecessors) {
        assertThat(predecessors.path("agencies")).hasSize(1);
        JsonNode former = predecessors.path("agencies").get(0);
        assertThat(former.path("agencyId").asString()).isEqualTo(FORMER);
        assertThat(former.path("name").asString()).isEqualTo(FORMER_NAME);
        assertThat(former.path("succeededAt").asString()).isEqualTo(MERGED_AT);
        assertThat(former.path("kind").asString()).isEqualTo("MERGED");
        assertThat(predecessors.path("text").asString()).isEqualTo(TEXT);
        assertThat(predecessors.path("textEn").asString()).isEqualTo(TEXT_EN);
    }

    private XSSFWorkbook xlsx(String uri, Object... vars) throws IOException {
        return new XSSFWorkbook(new ByteArrayInputStream(http().get().uri(uri, vars).retrieve().body(byte[].class)));
    }

    private static List<CSVRecord> csv(String body) throws IOException {
        return CSVFormat.DEFAULT.parse(new StringReader(body.replace("\uFEFF", ""))).getRecords();
    }

    private Document row(String deliveryId) {
        return mongo.findById(deliveryId, Document.class, ReadModels.DELIVERIES);
    }
}
