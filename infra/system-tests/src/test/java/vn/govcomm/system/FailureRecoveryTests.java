package vn.govcomm.system;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.embedded.TopicProbe;
import vn.govcomm.fakes.facebook.FacebookError;
import vn.govcomm.fakes.facebook.FacebookPost;
import vn.govcomm.local.PlatformService;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failure tests on real processes: while a campaign runs, the Facebook adapter, the publisher and the reporting
 * service are killed with SIGKILL and restarted, the broker is killed and restarted, the Facebook fake fails half
 * of its calls with transient errors and rate limits, the Zalo fake answers 429 to a fifth, and poison records are
 * sent (LED deliveries are left out: only a screen's acknowledgement makes them final). After recovery every delivery
 * is in a final state, nothing is lost, nothing is posted twice, the report equals a recount of the publisher's
 * delivery records, and the poison records sit in the dead-letter topics.
 */
class FailureRecoveryTests {

    static final List<String> AGENCIES = List.of("so-y-te", "so-tai-chinh", "so-tu-phap", "so-cong-thuong",
            "so-xay-dung", "cong-an-tinh", "cuc-thue", "bhxh-tinh", "ubnd-cam-ranh", "ubnd-van-ninh");
    static final List<String> CHANNELS = List.of("portal", "facebook", "zalo");
    static final Set<String> FINAL = Set.of("PUBLISHED", "FETCHED", "DISPLAYED", "FAILED", "CANCELLED", "EXPIRED");
    static final JsonMapper json = JsonMapper.builder().build();

    static ProcessPlatform platform;

    @BeforeAll
    static void start() {
        // Kept under target/ so the processes' logs can be read after a failure.
        Path workDir = Path.of("target", "failure-tests", String.valueOf(System.currentTimeMillis())).toAbsolutePath();
        platform = ProcessPlatform.start(workDir, Map.of());
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void everyDeliveryReachesAFinalStateExactlyOnceThroughCrashesBrokerRestartFlakyChannelAndPoison() {
        // A flaky channel: half of Facebook's answers are transient errors or rate limits.
        var facebook = platform.channels().facebook();
        facebook.faults().failFraction(0.3, 42, FacebookError.service().asFault());
        facebook.faults().failFraction(0.2, 43, FacebookError.rateLimit(613).asFault());
        // ... and Zalo answers a fifth of its calls with HTTP 429.
        platform.channels().zalo().faults().failFraction(0.2, 44, vn.govcomm.fakes.http.Fault.status(429));

        String campaignId = createAndApproveCampaign();
        await().atMost(Duration.ofSeconds(90)).until(() -> deliveries(campaignId).size() == AGENCIES.size() * CHANNELS.size());

        // Crash and restart the services in the middle of the campaign, then the broker.
        platform.restart(PlatformService.FACEBOOK);
        platform.restart(PlatformService.PUBLISHING);
        platform.restart(PlatformService.REPORTING);
        platform.killBroker();
        platform.startBroker();

        sendPoison();

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            List<JsonNode> deliveries = deliveries(campaignId);
            assertThat(deliveries).hasSize(AGENCIES.size() * CHANNELS.size());
            assertThat(deliveries).allSatisfy(d -> assertThat(d.path("status").asString())
                    .as(d.path("channel").asString() + " " + d.path("_id").asString()).isIn(FINAL));
        });

        // No duplicate post on the channel: at most one live post per delivery marker.
        Map<String, Long> postsPerDelivery = facebook.allPosts().stream().filter(p -> !p.deleted())
                .map(FailureRecoveryTests::marker).filter(m -> m != null)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(postsPerDelivery).allSatisfy((delivery, posts) -> assertThat(posts).as(delivery).isEqualTo(1L));
        long publishedOnFacebook = deliveries(campaignId).stream()
                .filter(d -> d.path("channel").asString().equals("facebook") && d.path("status").asString().equals("PUBLISHED"))
                .count();
        assertThat(postsPerDelivery).hasSize((int) publishedOnFacebook);

        System.out.println("Final statuses after recovery: " + recount(deliveries(campaignId)));

        // The report equals a recount of the publisher's delivery records.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(reportedCounts(campaignId)).isEqualTo(recount(deliveries(campaignId))));

        // Poison records ended in the dead-letter topics.
        assertThat(TopicProbe.read(platform.kafkaBootstrapServers(), "delivery.requests.facebook.DLT",
                r -> "poison".equals(r.key()), 1, Duration.ofSeconds(60))).hasSize(1);
        assertThat(TopicProbe.read(platform.kafkaBootstrapServers(), "delivery.status.portal.DLT",
                r -> "poison".equals(r.key()), 1, Duration.ofSeconds(60))).isNotEmpty();
        assertThat(TopicProbe.read(platform.kafkaBootstrapServers(), "campaign.events.DLT",
                r -> "poison".equals(r.key()), 1, Duration.ofSeconds(60))).isNotEmpty();
    }

    private static String createAndApproveCampaign() {
        LocalDate today = LocalDate.now();
        StringBuilder targets = new StringBuilder();
        for (String agency : AGENCIES) {
            targets.append(targets.isEmpty() ? "" : ",").append("{\"agencyId\":\"").append(agency)
                    .append("\",\"channels\":[\"portal\",\"facebook\",\"zalo\"]}");
        }
        String body = """
                {"code": "SNV-CCHC-FAILURES", "issuingAgencyId": "so-noi-vu",
                 "notice": {"title": "Thông báo triển khai khảo sát mức độ hài lòng năm 2023",
                            "bodyHtml": "<p>Sở Nội vụ đề nghị cá nhân, tổ chức, doanh nghiệp vui lòng hỗ trợ điền Phiếu khảo sát.</p>"},
                 "targets": [%s],
                 "window": {"startDate": "%s", "endDate": "%s"}}
                """.formatted(targets, today, today.plusMonths(3));
        var campaigns = platform.client(PlatformService.CAMPAIGN);
        String id = json.readTree(campaigns.post().uri("/api/campaigns").header("Authorization", platform.bearer(PlatformService.CAMPAIGN, "tran.thi.lan", "so-noi-vu", "officer"))
                .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().body(String.class)).path("id").asString();
        campaigns.post().uri("/api/campaigns/{id}/submit", id).header("Authorization", platform.bearer(PlatformService.CAMPAIGN, "tran.thi.lan", "so-noi-vu", "officer")).retrieve().toBodilessEntity();
        campaigns.post().uri("/api/campaigns/{id}/approve", id).header("Authorization", platform.bearer(PlatformService.CAMPAIGN, "nguyen.van.minh", "so-noi-vu", "approver"))
                .contentType(MediaType.APPLICATION_JSON).body("{\"comment\":\"Đồng ý\"}").retrieve().toBodilessEntity();
        return id;
    }

    private static List<JsonNode> deliveries(String campaignId) {
        try {
            JsonNode list = json.readTree(platform.client(PlatformService.PUBLISHING).get()
                    .uri("/api/publications/{id}/deliveries?limit=5000", campaignId)
                    .header("Authorization", platform.bearer(PlatformService.PUBLISHING, "nguyen.van.minh", "so-noi-vu", "approver")).retrieve().body(String.class));
            List<JsonNode> out = new java.util.ArrayList<>();
            (list.isArray() ? list : list.path("items")).forEach(out::add);
            return out;
        } catch (RuntimeException unavailable) {
            return List.of(); // the publisher may be restarting
        }
    }

    private static Map<String, Long> recount(List<JsonNode> deliveries) {
        return new TreeMap<>(deliveries.stream().collect(Collectors.groupingBy(d -> d.path("status").asString(),
                Collectors.counting())));
    }

    private static Map<String, Long> reportedCounts(String campaignId) {
        JsonNode report = json.readTree(platform.client(PlatformService.REPORTING).get()
                .uri("/api/reports/campaigns/{id}", campaignId)
                .header("Authorization", platform.bearer(PlatformService.REPORTING, "nguyen.van.minh", "so-noi-vu", "approver")).retrieve().body(String.class));
        Map<String, Long> counts = new HashMap<>();
        report.path("byStatus").properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return new TreeMap<>(counts);
    }

    private static String marker(FacebookPost post) {
        if (post.message() == null) {
            return null;
        }
        Matcher m = Pattern.compile("#(dlv-[0-9a-f]+)").matcher(post.message());
        return m.find() ? m.group(1) : null;
    }

    private static void sendPoison() {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            byte[] garbage = "{not json at all".getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>("delivery.requests.facebook", "poison", garbage));
            producer.send(new ProducerRecord<>("delivery.status.portal", "poison", garbage));
            producer.send(new ProducerRecord<>("campaign.events", "poison", garbage));
            producer.flush();
        }
    }
}
