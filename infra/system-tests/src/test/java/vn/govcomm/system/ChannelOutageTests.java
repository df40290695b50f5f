package vn.govcomm.system;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.fakes.facebook.FacebookError;
import vn.govcomm.fakes.facebook.FacebookPost;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.local.PlatformService;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A channel outage on real processes (issue 16): Facebook answers every call with a temporary error and Zalo's API
 * is down (HTTP 503) while a campaign goes out; the Facebook adapter is killed (-9) and restarted in the middle of
 * the outage. Nothing may fail, be dead-lettered or need a manual step: every delivery waits (RETRYING, its next
 * attempt on its adapter document) and is PUBLISHED after the channels come back, exactly one post / article each.
 * <p>
 * CI runs a compressed outage (60 s, 40 agencies, retries every 2–10 s). The figure — a 10-minute outage
 * with 500 agencies and the adapters' default backoff — is the same test with
 * {@code -Doutage.seconds=600 -Doutage.agencies=500 -Doutage.defaultBackoff=true} (see infra/system-tests/README.md).
 */
class ChannelOutageTests {

    static final int AGENCIES = Integer.getInteger("outage.agencies", 40);
    static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("outage.seconds", 60));
    static final boolean DEFAULT_BACKOFF = Boolean.getBoolean("outage.defaultBackoff");
    static final List<String> CHANNELS = List.of("facebook", "zalo");
    static final JsonMapper JSON = JsonMapper.builder().build();

    static ProcessPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        Path work = Path.of("target", "outage-tests", String.valueOf(System.currentTimeMillis())).toAbsolutePath();
        Files.createDirectories(work);
        Path seed = work.resolve("agencies.json");
        Path tokens = work.resolve("page-tokens.yml");
        ScaleHarness.writeDirectory(AGENCIES, seed, tokens);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("govcomm.directory.seed", "file:" + seed);
        extra.put("spring.config.additional-location", "optional:file:" + tokens);
        if (!DEFAULT_BACKOFF) {
            extra.put("govcomm.delivery.retry.first-delay", "2s");
            extra.put("govcomm.delivery.retry.max-delay", "10s");
            extra.put("govcomm.delivery.retry.poll-interval", "1s");
        }
        platform = ProcessPlatform.start(work, extra);
        for (int i = 0; i < AGENCIES; i++) {
            platform.channels().facebook().registerPage(ScaleHarness.pageId(i), "Outage page " + i, "bench-token-" + i);
        }
        ScaleHarness.awaitConsumed(platform.kafkaBootstrapServers(), "directory.agencies",
                List.of("notice-publishing-service.directory"), Duration.ofMinutes(5));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aChannelOutageEndsWithEveryDeliveryPublishedOnceNoneFailedNoneDeadLetteredNoManualStep() {
        var facebook = platform.channels().facebook();
        var zalo = platform.channels().zalo();
        facebook.faults().always("*", ".*", FacebookError.service().asFault());
        zalo.faults().always("*", ".*", Fault.status(503));
        Instant outageStart = Instant.now();

        String campaignId = createAndApproveCampaign();
        int expected = AGENCIES * CHANNELS.size();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .until(() -> count(deliveries(campaignId), "RETRYING") == expected);

        // A crash while everything waits: the waits live on the adapter's documents, not in its memory.
        platform.restart(PlatformService.FACEBOOK);

        Duration left = OUTAGE.minus(Duration.between(outageStart, Instant.now()));
        if (!left.isNegative()) {
            java.util.concurrent.locks.LockSupport.parkNanos(left.toNanos());
        }
        List<JsonNode> duringOutage = deliveries(campaignId);
        Map<String, Long> statusesAtEndOfOutage = recount(duringOutage);
        assertThat(statusesAtEndOfOutage).as("nothing fails for an outage").containsOnlyKeys("RETRYING");

        facebook.faults().clear();
        zalo.faults().clear();
        Instant recovered = Instant.now();
        Duration settle = DEFAULT_BACKOFF ? Duration.ofMinutes(20) : Duration.ofMinutes(4);
        await().atMost(settle).pollInterval(Duration.ofSeconds(2))
                .until(() -> count(deliveries(campaignId), "PUBLISHED") == expected);
        Duration toPublished = Duration.between(recovered, Instant.now());

        // Exactly one live Facebook post per delivery and one Zalo article per delivery.
        Map<String, Long> postsPerDelivery = facebook.allPosts().stream().filter(p -> !p.deleted())
                .map(ChannelOutageTests::marker).filter(m -> m != null)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(postsPerDelivery).hasSize(AGENCIES);
        assertThat(postsPerDelivery).allSatisfy((delivery, posts) -> assertThat(posts).as(delivery).isEqualTo(1L));
        assertThat(zalo.articles().stream().filter(a -> !a.removed())).hasSize(AGENCIES);

        // Nothing dead-lettered, nothing re-sent by hand (every delivery is still on its first attempt).
        for (String channel : CHANNELS) {
            assertThat(endOffsets("delivery.requests." + channel + ".DLT")).as(channel + " DLT").isZero();
        }
        assertThat(deliveries(campaignId)).allSatisfy(d -> assertThat(d.path("attempt").asInt()).isEqualTo(1));

        System.out.printf("Channel outage of %ds, %d agencies × %s: during the outage %s; all %d PUBLISHED %.1f s after "
                        + "the channels came back (%s backoff)%n", OUTAGE.toSeconds(), AGENCIES, CHANNELS,
                statusesAtEndOfOutage, expected, toPublished.toMillis() / 1000.0, DEFAULT_BACKOFF ? "default" : "compressed");
    }

    private static String createAndApproveCampaign() {
        LocalDate today = LocalDate.now();
        StringBuilder targets = new StringBuilder();
        for (int i = 0; i < AGENCIES; i++) {
            targets.append(targets.isEmpty() ? "" : ",").append("{\"agencyId\":\"bench-").append(i)
                    .append("\",\"channels\":[\"facebook\",\"zalo\"]}");
        }
        String body = """
                {"code": "SNV-OUTAGE-%s", "issuingAgencyId": "bench-0",
                 "notice": {"title": "Thông báo khảo sát mức độ hài lòng năm 2023",
                            "bodyHtml": "<p>Sở Nội vụ đề nghị cá nhân, tổ chức vui lòng hỗ trợ điền Phiếu khảo sát.</p>"},
                 "targets": [%s],
                 "window": {"startDate": "%s", "endDate": "%s"}}
                """.formatted(UUID.randomUUID().toString().substring(0, 6), targets, today, today.plusMonths(3));
        var campaigns = platform.client(PlatformService.CAMPAIGN);
        String officer = platform.bearer(PlatformService.CAMPAIGN, "bench.officer", "bench-0", "officer");
        String id = JSON.readTree(campaigns.post().uri("/api/campaigns").header("Authorization", officer)
                .contentType(MediaType.APPLICATION_JSON).body(body).retrieve().body(String.class)).path("id").asString();
        campaigns.post().uri("/api/campaigns/{id}/submit", id).header("Authorization", officer).retrieve().toBodilessEntity();
        campaigns.post().uri("/api/campaigns/{id}/approve", id)
                .header("Authorization", platform.bearer(PlatformService.CAMPAIGN, "bench.approver", "bench-0", "approver"))
                .contentType(MediaType.APPLICATION_JSON).body("{\"comment\":\"Đồng ý\"}").retrieve().toBodilessEntity();
        return id;
    }

    private static List<JsonNode> deliveries(String campaignId) {
        try {
            JsonNode list = JSON.readTree(platform.client(PlatformService.PUBLISHING).get()
                    .uri("/api/publications/{id}/deliveries?limit=5000", campaignId)
                    .header("Authorization", platform.bearer(PlatformService.PUBLISHING, "bench.approver", "bench-0", "approver"))
                    .retrieve().body(String.class));
            List<JsonNode> out = new ArrayList<>();
            (list.isArray() ? list : list.path("items")).forEach(out::add);
            return out;
        } catch (RuntimeException unavailable) {
            return List.of();
        }
    }

    private static long count(List<JsonNode> deliveries, String status) {
        return deliveries.stream().filter(d -> status.equals(d.path("status").asString())).count();
    }

    private static Map<String, Long> recount(List<JsonNode> deliveries) {
        return new TreeMap<>(deliveries.stream().collect(Collectors.groupingBy(d -> d.path("status").asString(),
                Collectors.counting())));
    }

    private static long endOffsets(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outage-probe-" + UUID.randomUUID()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static String marker(FacebookPost post) {
        if (post.message() == null) {
            return null;
        }
        Matcher m = Pattern.compile("#(dlv-[0-9a-f]+)").matcher(post.message());
        return m.find() ? m.group(1) : null;
    }
}
