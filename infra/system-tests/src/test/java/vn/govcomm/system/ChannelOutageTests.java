package vn.govcomm.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import vn.govcomm.fakes.facebook.FacebookError;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.local.PlatformService;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

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

    static ProcessPlatform platform;
    static PlatformApi api;

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
        api = PlatformApi.direct(platform, new PlatformApi.User("bench.officer", "bench-0", "officer"),
                new PlatformApi.User("bench.approver", "bench-0", "approver"));
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

        Map<String, List<String>> targets = new TreeMap<>();
        for (int i = 0; i < AGENCIES; i++) {
            targets.put("bench-" + i, CHANNELS);
        }
        String title = "Thông báo khảo sát mức độ hài lòng năm 2023";
        String campaignId = api.createAndApprove("SNV-OUTAGE-" + UUID.randomUUID().toString().substring(0, 6), title,
                targets);
        int expected = AGENCIES * CHANNELS.size();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .until(() -> count(api.deliveries(campaignId), "RETRYING") == expected);

        // A crash while everything waits: the waits live on the adapter's documents, not in its memory.
        platform.restart(PlatformService.FACEBOOK);

        Duration left = OUTAGE.minus(Duration.between(outageStart, Instant.now()));
        if (!left.isNegative()) {
            java.util.concurrent.locks.LockSupport.parkNanos(left.toNanos());
        }
        Map<String, Long> statusesAtEndOfOutage = PlatformApi.countByStatus(api.deliveries(campaignId));
        assertThat(statusesAtEndOfOutage).as("nothing fails for an outage").containsOnlyKeys("RETRYING");

        facebook.faults().clear();
        zalo.faults().clear();
        Instant recovered = Instant.now();
        Duration settle = DEFAULT_BACKOFF ? Duration.ofMinutes(20) : Duration.ofMinutes(4);
        await().atMost(settle).pollInterval(Duration.ofSeconds(2))
                .until(() -> count(api.deliveries(campaignId), "PUBLISHED") == expected);
        Duration toPublished = Duration.between(recovered, Instant.now());

        // Exactly one live Facebook post per delivery and one Zalo article per delivery.
        List<JsonNode> deliveries = api.deliveries(campaignId);
        assertThat(PlatformApi.livePostsPerFacebookDelivery(deliveries, PlatformApi.posts(facebook))).hasSize(AGENCIES)
                .allSatisfy((delivery, posts) -> assertThat(posts).as(delivery).isEqualTo(1L));
        List<PlatformApi.Article> articles = PlatformApi.articles(zalo);
        assertThat(PlatformApi.liveArticlesPerZaloDelivery(deliveries, title, articles)).hasSize(AGENCIES)
                .allSatisfy((delivery, live) -> assertThat(live).as(delivery).isEqualTo(1L));
        assertThat(articles.stream().filter(a -> !a.removed())).hasSize(AGENCIES);

        // Nothing dead-lettered, nothing re-sent by hand (every delivery is still on its first attempt).
        for (String channel : CHANNELS) {
            assertThat(PlatformApi.endOffsets(platform.kafkaBootstrapServers(), "delivery.requests." + channel + ".DLT"))
                    .as(channel + " DLT").isZero();
        }
        assertThat(api.deliveries(campaignId)).allSatisfy(d -> assertThat(d.path("attempt").asInt()).isEqualTo(1));

        System.out.printf("Channel outage of %ds, %d agencies × %s: during the outage %s; all %d PUBLISHED %.1f s after "
                        + "the channels came back (%s backoff)%n", OUTAGE.toSeconds(), AGENCIES, CHANNELS,
                statusesAtEndOfOutage, expected, toPublished.toMillis() / 1000.0, DEFAULT_BACKOFF ? "default" : "compressed");
    }

    private static long count(List<JsonNode> deliveries, String status) {
        return PlatformApi.countByStatus(deliveries).getOrDefault(status, 0L);
    }
}
