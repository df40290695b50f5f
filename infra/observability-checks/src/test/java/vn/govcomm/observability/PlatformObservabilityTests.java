package vn.govcomm.observability;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.local.LocalPlatform;
import vn.govcomm.local.PlatformService;
import vn.govcomm.observability.Expressions.Expression;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The observability files against the running platform: the platform in-process, a small campaign through it,
 * one poison record (so the dead-letter path has happened once), a real Prometheus scraping every service every
 * second with the repository's alert rules loaded; then every Grafana panel query and every alert expression
 * (left-hand side of a threshold) must return data, and every metric they read must exist. What is missing is
 * also written to target/observability-report.md. Skipped, with the reason, where {@code prometheus} is absent.
 */
class PlatformObservabilityTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Set<String> FORBIDDEN_LABEL_PARTS = Set.of("campaign", "agency", "delivery", "endpoint", "page", "screen");

    @TempDir
    static Path work;
    static LocalPlatform platform;
    static Prometheus prometheus;
    static Path repo;

    @BeforeAll
    static void start() throws IOException {
        Optional<Path> binary = Prometheus.binary();
        assumeTrue(binary.isPresent(), "prometheus is not installed (Debian: apt-get install -y prometheus; .ci/run "
                + "installs it): the dashboards and alert rules are not checked against a running platform");
        repo = Expressions.repo();
        platform = LocalPlatform.start(LocalPlatform.Settings.forTests());
        Map<String, String> jobs = new LinkedHashMap<>();
        for (PlatformService service : PlatformService.values()) {
            jobs.put(service.serviceName(), platform.url(service).replace("http://", ""));
        }
        prometheus = Prometheus.start(binary.get(), work, jobs, repo.resolve("infra/prometheus/alerts").toAbsolutePath() + "/*.yml");
        await().atMost(Duration.ofSeconds(30)).until(prometheus::ready);
        runACampaign();
        sendOnePoisonRecord();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                prometheus.query("count(up{platform=\"govcomm\"} == 1)").path(0).path("value").path(1).asString())
                .isEqualTo(String.valueOf(PlatformService.values().length)));
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    /** As in WalkingSkeletonEndToEndTests, but against campaign-service with the caller tokens the gateway mints. */
    static void runACampaign() {
        RestClient campaigns = RestClient.create(platform.url(PlatformService.CAMPAIGN));
        LocalDate today = LocalDate.now();
        String request = """
                {"code": "SNV-CCHC-OBS", "issuingAgencyId": "so-noi-vu",
                 "notice": {"title": "Thông báo triển khai khảo sát mức độ hài lòng năm 2023",
                            "bodyHtml": "<p>Lực lượng khảo sát viên sẽ lấy ý kiến người dân, tổ chức, doanh nghiệp.</p>",
                            "ledText": "Khảo sát mức độ hài lòng năm 2023: đề nghị người dân hỗ trợ khảo sát viên."},
                 "targets": [{"agencyId": "so-y-te", "channels": ["portal", "facebook", "zalo", "led"]},
                             {"agencyId": "cong-an-tinh", "channels": ["portal", "facebook", "zalo", "led"]}],
                 "window": {"startDate": "%s", "endDate": "%s"}}
                """.formatted(today, today.plusMonths(1));
        String id = JSON.readTree(campaigns.post().uri("/api/campaigns").header("Authorization", platform.callerBearer(PlatformService.CAMPAIGN, "tran.thi.lan", "so-noi-vu", "officer"))
                .contentType(MediaType.APPLICATION_JSON).body(request).retrieve().body(String.class)).path("id").asString();
        campaigns.post().uri("/api/campaigns/{id}/submit", id).header("Authorization", platform.callerBearer(PlatformService.CAMPAIGN, "tran.thi.lan", "so-noi-vu", "officer")).retrieve().toBodilessEntity();
        campaigns.post().uri("/api/campaigns/{id}/approve", id).header("Authorization", platform.callerBearer(PlatformService.CAMPAIGN, "nguyen.van.minh", "so-noi-vu", "approver")).retrieve().toBodilessEntity();
        RestClient reports = RestClient.create(platform.url(PlatformService.REPORTING));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() ->
                assertThat(JSON.readTree(reports.get().uri("/api/reports/campaigns/{id}/counts", id)
                        .header("Authorization", platform.callerBearer(PlatformService.REPORTING, "nguyen.van.minh", "so-noi-vu", "approver")).retrieve()
                        .body(String.class)).path("total").asInt()).isEqualTo(8));
    }

    /** A record without a CloudEvents envelope on a status topic: its consumers dead-letter it at once. */
    static void sendOnePoisonRecord() {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("delivery.status.led", "poison", "not an event".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void everyDashboardQueryAndAlertExpressionReturnsDataAndEveryMetricTheyReadExists() throws IOException {
        List<Expression> expressions = new ArrayList<>(Expressions.dashboards(repo));
        expressions.addAll(Expressions.alerts(repo));
        assertThat(expressions).hasSizeGreaterThan(20);
        Map<String, List<String>> missingMetrics = new TreeMap<>();
        List<String> noData = new ArrayList<>();
        // Rates need a few scrapes; evaluate until everything returns data, at most 90 s, then report what is left.
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(3)).ignoreExceptions()
                    .until(() -> evaluate(expressions, missingMetrics, noData));
        } catch (ConditionTimeoutException stillMissing) {
            evaluate(expressions, missingMetrics, noData);
        }
        writeReport(expressions.size(), missingMetrics, noData);
        assertThat(missingMetrics).as("metrics read by dashboards/alerts that no service exports (see target/observability-report.md)")
                .isEmpty();
        assertThat(noData).as("expressions returning no data").isEmpty();
    }

    private static boolean evaluate(List<Expression> expressions, Map<String, List<String>> missingMetrics, List<String> noData) {
        missingMetrics.clear();
        noData.clear();
        for (Expression e : expressions) {
            for (String metric : Expressions.metrics(e.query())) {
                if (prometheus.query("count({__name__=\"" + metric + "\"})").isEmpty()) {
                    missingMetrics.computeIfAbsent(metric, m -> new ArrayList<>()).add(e.origin());
                }
            }
            if (prometheus.query(e.query()).isEmpty()) {
                noData.add(e.origin() + (e.thresholdStripped() ? " (left-hand side of the threshold)" : "")
                        + ": " + e.query().replaceAll("\\s+", " "));
            }
        }
        return noData.isEmpty() && missingMetrics.isEmpty();
    }

    @Test
    void theCheckNoticesAMetricNoServiceExports() {
        // Guards against a vacuous check: the same queries on a name nobody exports come back empty.
        assertThat(prometheus.query("count({__name__=\"govcomm_not_exported_by_anyone_total\"})")).isEmpty();
        assertThat(prometheus.query("sum(rate(govcomm_not_exported_by_anyone_total[30s]))")).isEmpty();
    }

    @Test
    void prometheusLoadedEveryAlertRuleFile() {
        JsonNode groups = prometheus.rules().path("data").path("groups");
        Set<String> names = new TreeSet<>();
        groups.forEach(g -> g.path("rules").forEach(r -> names.add(r.path("name").asString())));
        assertThat(names).contains("GovcommServiceDown", "GovcommDeadLettersGrowing", "GovcommConsumerLagHigh",
                "GovcommScreensOffline", "GovcommEndpointsNeedAttention", "GovcommDeliveryFailureRateHigh",
                "GovcommCircuitBreakerOpen");
        groups.forEach(g -> g.path("rules").forEach(r -> assertThat(r.path("health").asString())
                .as(r.path("name").asString() + " " + r.path("lastError").asString()).isIn("ok", "unknown")));
    }

    @Test
    void platformMetricsCarryOnlyLowCardinalityLabels() {
        List<String> labels = prometheus.labelNames("{__name__=~\"govcomm_.+\"}");
        assertThat(labels).as("labels of govcomm_* series").isNotEmpty();
        for (String label : labels) {
            for (String forbidden : FORBIDDEN_LABEL_PARTS) {
                assertThat(label.toLowerCase()).as("label %s on a govcomm_* metric", label).doesNotContain(forbidden);
            }
        }
    }

    private static void writeReport(int checked, Map<String, List<String>> missingMetrics, List<String> noData) throws IOException {
        StringBuilder report = new StringBuilder("# Observability check\n\n").append(checked).append(" expressions checked.\n\n");
        report.append("## Metrics not exported by any service\n\n");
        if (missingMetrics.isEmpty()) {
            report.append("None.\n");
        }
        missingMetrics.forEach((metric, users) -> report.append("- `").append(metric).append("`, read by: ")
                .append(String.join("; ", new TreeSet<>(users))).append('\n'));
        report.append("\n## Expressions returning no data\n\n");
        if (noData.isEmpty()) {
            report.append("None.\n");
        }
        noData.forEach(line -> report.append("- ").append(line).append('\n'));
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("observability-report.md"), report);
        System.out.println(report);
    }
}
