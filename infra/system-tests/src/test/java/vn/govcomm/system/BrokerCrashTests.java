package vn.govcomm.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import vn.govcomm.contracts.EventTypes;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 22, the broker alone: on the process platform (broker, store and every service in its own JVM) a campaign to
 * every agency of the directory × 4 channels goes out, and while the adapters' statuses flow the broker is killed
 * with SIGKILL and started again on the same log. Every delivery must settle, each Facebook delivery have exactly one
 * live post and each Zalo delivery one article, and the report (after a recount) equal the publisher delivery by
 * delivery. The publisher's reconciler is off, so only the broker's durability (records, committed offsets) and the
 * clients' reconnection can make it pass.
 */
class BrokerCrashTests {

    static final List<String> CHANNELS = List.of("portal", "facebook", "zalo", "led");

    static ProcessPlatform platform;
    static PlatformApi api;

    @BeforeAll
    static void start() throws Exception {
        Path workDir = Path.of("target", "broker-crash-tests", String.valueOf(System.currentTimeMillis())).toAbsolutePath();
        platform = ProcessPlatform.start(workDir, Map.of("govcomm.publishing.reconcile.enabled", "false"));
        api = PlatformApi.direct(platform);
        // The publisher gives up on agencies it has not seen yet: let the directory reach its readers first.
        ScaleHarness.awaitConsumed(platform.kafkaBootstrapServers(), EventTypes.TOPIC_AGENCY_DIRECTORY,
                List.of("notice-publishing-service.directory", "led-adapter.directory"), Duration.ofMinutes(5));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void everyDeliverySettlesOncePostedAndReportedAfterTheBrokerIsKilledWhileStatusesFlow() {
        String bootstrap = platform.kafkaBootstrapServers();
        String clusterId = PlatformApi.clusterId(bootstrap);
        PlatformApi.Targets targets = api.targets(CHANNELS);
        int total = targets.deliveries();
        String title = "Thông báo khảo sát mức độ hài lòng năm 2023 (sự cố máy chủ Kafka)";
        String campaignId = api.createAndApprove("SNV-CCHC-BROKER-CRASH", title, targets.channelsByAgency());
        Instant approved = Instant.now();

        // While statuses flow: at least a third of the deliveries settled at their channels, not all.
        JsonNode atKill = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.progress(campaignId), p -> p != null && 3 * PlatformApi.settled(p) >= total);
        long killed = System.nanoTime();
        long killedAfter = Duration.between(approved, Instant.now()).toMillis();
        platform.killBroker();
        assertThat(platform.brokerJvm().exitStatus()).as("the broker killed with SIGKILL").hasValue(137);

        platform.startBroker();
        long brokerBack = (System.nanoTime() - killed) / 1_000_000;
        // Its own log again: the same cluster, every request the publisher had recorded as dispatched (it records
        // them once the broker acknowledged them) and every status the publisher had already read.
        assertThat(PlatformApi.clusterId(bootstrap)).as("cluster id after the restart").isEqualTo(clusterId);
        assertThat(records(bootstrap, EventTypes::deliveryRequestsTopic)).as("requests in the log after the restart")
                .isGreaterThanOrEqualTo(atKill.path("dispatched").asLong());
        assertThat(records(bootstrap, EventTypes::deliveryStatusTopic)).as("statuses in the log after the restart")
                .isGreaterThanOrEqualTo(PlatformApi.settled(atKill));

        api.awaitSettled(campaignId, total, Duration.ofMinutes(5), "the broker's restart");
        long settled = (System.nanoTime() - killed) / 1_000_000_000;

        List<JsonNode> deliveries = api.deliveries(campaignId);
        List<PlatformApi.Post> posts = PlatformApi.posts(platform.channels().facebook());
        assertThat(PlatformApi.livePostsPerFacebookDelivery(deliveries, posts)).isNotEmpty()
                .allSatisfy((delivery, live) -> assertThat(live).as("live posts of " + delivery).isEqualTo(1L));
        PlatformApi.assertNoFacebookDeliveryPostedTwiceAndEveryPublishedOnePosted(deliveries, posts);
        List<PlatformApi.Article> articles = PlatformApi.articles(platform.channels().zalo());
        Map<String, Long> articlesPerDelivery = PlatformApi.liveArticlesPerZaloDelivery(deliveries, title, articles);
        assertThat(articlesPerDelivery).isNotEmpty()
                .allSatisfy((delivery, live) -> assertThat(live).as("live articles of " + delivery).isEqualTo(1L));
        assertThat(PlatformApi.liveArticlesTitled(title, articles)).isEqualTo(articlesPerDelivery.size());

        Map<String, String> publisher = api.awaitReportEqualsPublisher(campaignId, total);

        boolean reached = PlatformApi.settled(atKill) < total;
        System.out.printf("Broker crash %s: killed %d ms after the approval (%d deliveries, %d dispatched, %d settled %s); "
                        + "broker back %d ms after the kill; all %d deliveries settled %d s after the kill: %s%n",
                reached ? "REACHED while statuses flow" : "MISSED (everything had settled between two polls)",
                killedAfter, atKill.path("deliveries").asInt(), atKill.path("dispatched").asInt(),
                PlatformApi.settled(atKill), PlatformApi.nonZero(atKill.path("byStatus")), brokerBack, total, settled,
                PlatformApi.countByStatus(publisher.values()));
    }

    /** Records ever appended to the campaign's channels' {@code topic}s. */
    private static long records(String bootstrap, UnaryOperator<String> topic) {
        return CHANNELS.stream().mapToLong(channel -> PlatformApi.endOffsets(bootstrap, topic.apply(channel))).sum();
    }
}
