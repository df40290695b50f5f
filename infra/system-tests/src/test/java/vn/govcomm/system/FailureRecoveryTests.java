package vn.govcomm.system;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import vn.govcomm.embedded.TopicProbe;
import vn.govcomm.fakes.facebook.FacebookError;
import vn.govcomm.local.PlatformService;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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

    static ProcessPlatform platform;
    static PlatformApi api;

    @BeforeAll
    static void start() {
        // Kept under target/ so the processes' logs can be read after a failure.
        Path workDir = Path.of("target", "failure-tests", String.valueOf(System.currentTimeMillis())).toAbsolutePath();
        platform = ProcessPlatform.start(workDir, Map.of());
        api = PlatformApi.direct(platform);
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

        Map<String, List<String>> targets = new TreeMap<>();
        AGENCIES.forEach(agency -> targets.put(agency, CHANNELS));
        String campaignId = api.createAndApprove("SNV-CCHC-FAILURES", "Thông báo triển khai khảo sát mức độ hài lòng năm 2023",
                targets);
        await().atMost(Duration.ofSeconds(90)).until(() -> api.deliveries(campaignId).size() == AGENCIES.size() * CHANNELS.size());

        // Crash and restart the services in the middle of the campaign, then the broker.
        platform.restart(PlatformService.FACEBOOK);
        platform.restart(PlatformService.PUBLISHING);
        platform.restart(PlatformService.REPORTING);
        platform.killBroker();
        platform.startBroker();

        sendPoison();

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            List<JsonNode> deliveries = api.deliveries(campaignId);
            assertThat(deliveries).hasSize(AGENCIES.size() * CHANNELS.size());
            assertThat(deliveries).allSatisfy(d -> assertThat(d.path("status").asString())
                    .as(d.path("channel").asString() + " " + d.path("_id").asString()).isIn(FINAL));
        });

        // No duplicate post on the channel: one live post per PUBLISHED Facebook delivery, none for a FAILED one.
        List<JsonNode> deliveries = api.deliveries(campaignId);
        PlatformApi.assertNoFacebookDeliveryPostedTwiceAndEveryPublishedOnePosted(deliveries,
                PlatformApi.posts(facebook));

        System.out.println("Final statuses after recovery: " + PlatformApi.countByStatus(deliveries));

        // The report equals a recount of the publisher's delivery records.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(api.reportedCounts(campaignId))
                .isEqualTo(PlatformApi.countByStatus(api.deliveries(campaignId))));

        // Poison records ended in the dead-letter topics.
        assertThat(TopicProbe.read(platform.kafkaBootstrapServers(), "delivery.requests.facebook.DLT",
                r -> "poison".equals(r.key()), 1, Duration.ofSeconds(60))).hasSize(1);
        assertThat(TopicProbe.read(platform.kafkaBootstrapServers(), "delivery.status.portal.DLT",
                r -> "poison".equals(r.key()), 1, Duration.ofSeconds(60))).isNotEmpty();
        assertThat(TopicProbe.read(platform.kafkaBootstrapServers(), "campaign.events.DLT",
                r -> "poison".equals(r.key()), 1, Duration.ofSeconds(60))).isNotEmpty();
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
