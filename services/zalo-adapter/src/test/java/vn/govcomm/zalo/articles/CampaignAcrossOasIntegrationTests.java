package vn.govcomm.zalo.articles;

import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.fakes.http.Fault;
import vn.govcomm.fakes.zalo.FakeZalo;
import vn.govcomm.fakes.zalo.ZaloArticle;
import vn.govcomm.fakes.zalo.ZaloError;
import vn.govcomm.fakes.zalo.ZaloTokens;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.zalo.AdapterProcess;
import vn.govcomm.zalo.ZaloTestSupport;
import vn.govcomm.zalo.oa.OaConnections;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 23 item 5: one campaign to N Zalo OAs (N = {@code -DzaloOas=…}, 50 by default; not a {@code govcomm.zalo}
 * name, which Spring would bind), each OA its own app on the fake, against what Zalo does under load: every OA
 * limited to a few calls per window (-32, with the reset time told by the quota call), some OAs in a -32 burst, some
 * with their broadcast quota used up until the period ends, articles processed only after a delay and listed later
 * still, 5xx on verify and on the list, create answers lost after Zalo made the article or dropped before it did,
 * invalid access tokens answered -124. Some OAs have their tokens revoked (nothing to refresh with), some only their
 * access token (refresh works). Every healthy OA ends PUBLISHED with exactly one live article and one broadcast, the
 * revoked ones FAILED with a named reason, nothing ever fails for a limit or a delay; a cancellation then leaves no
 * live article. The same with a kill in the middle.
 */
class CampaignAcrossOasIntegrationTests {

    static final int OAS = Integer.getInteger("zaloOas", 50);
    static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final FakeZalo FAKE = new FakeZalo().start(0);

    ConfigurableApplicationContext adapter;

    @BeforeAll
    static void zaloUnderLoad() {
        FAKE.settings().verifyNotReadyAnswers(1).verifyDelay(Duration.ofMillis(1500)).listingLag(Duration.ofSeconds(1))
                .callLimit(5, Duration.ofSeconds(2)).broadcastQuotaPeriod(Duration.ofSeconds(5), Duration.ZERO)
                .accessTokenErrorCode(ZaloError.ACCESS_TOKEN_EXPIRED);
        FAKE.faults()
                .failFraction(0.08, 11, "POST", ".*/article/create", Fault.dropAfterProcessing())
                .failFraction(0.04, 12, "POST", ".*/article/create", Fault.drop())
                .failFraction(0.10, 13, "POST", ".*/article/verify", Fault.status(502))
                .failFraction(0.05, 14, "GET", ".*/article/getslice", Fault.status(503));
    }

    @AfterEach
    void stop() {
        if (adapter != null) {
            adapter.close();
        }
    }

    @AfterAll
    static void closeAll() {
        FAKE.close();
        KAFKA.close();
        MONGO.close();
    }

    /** What an OA of the campaign is like. */
    enum Kind { HEALTHY, THROTTLED, QUOTA_USED_UP, ACCESS_EXPIRED, REVOKED }

    record Oa(String oaId, String appId, Kind kind, String deliveryId, String title) {
    }

    static Kind kindOf(int i) {
        if (i % 10 == 9) {
            return Kind.REVOKED;
        }
        if (i % 9 == 4) {
            return Kind.ACCESS_EXPIRED;
        }
        if (i % 7 == 3) {
            return Kind.THROTTLED;
        }
        return i % 6 == 1 ? Kind.QUOTA_USED_UP : Kind.HEALTHY;
    }

    /** N apps on the fake, each OA connected to its own; the OAs' troubles scripted. */
    static List<Oa> campaign(String run) {
        List<Oa> oas = new ArrayList<>();
        for (int i = 0; i < OAS; i++) {
            String app = "app-" + run + "-" + i;
            oas.add(new Oa("oa-" + run + "-" + i, app, kindOf(i), "dlv-" + run + "-" + i, "Thông báo " + run + " số " + i));
            FAKE.registerApp(app, "secret-" + app);
        }
        return oas;
    }

    ConfigurableApplicationContext start(String database, List<Oa> oas, Map<String, ZaloTokens> tokens) {
        ConfigurableApplicationContext context = AdapterProcess.start(KAFKA, MONGO, database, FAKE, null,
                "--govcomm.zalo.resilience.breaker-open-for=2s", "--govcomm.zalo.workflow.threads=8");
        OaConnections connections = context.getBean(OaConnections.class);
        for (Oa oa : oas) {
            if (connections.find(oa.oaId()).isEmpty()) {
                ZaloTokens pair = tokens.computeIfAbsent(oa.appId(), FAKE::issueTokens);
                connections.connect(oa.oaId(), oa.appId(), "secret-" + oa.appId(), pair.refreshToken(),
                        pair.accessToken(), null, null, "test", true);
            }
        }
        return context;
    }

    static void script(List<Oa> oas, Map<String, ZaloTokens> tokens) {
        for (Oa oa : oas) {
            ZaloTokens pair = tokens.get(oa.appId());
            switch (oa.kind()) {
                case REVOKED -> {
                    FAKE.revokeAccessToken(pair.accessToken());
                    FAKE.revokeRefreshToken(pair.refreshToken());
                }
                case ACCESS_EXPIRED -> FAKE.revokeAccessToken(pair.accessToken());
                case THROTTLED -> FAKE.throttle(oa.appId(), Duration.ofSeconds(4));
                case QUOTA_USED_UP -> FAKE.exhaustBroadcastQuota(oa.appId());
                default -> {
                }
            }
        }
    }

    static void request(Oa oa) {
        ZaloTestSupport.send(KAFKA.bootstrapServers(), "vn.govcomm.delivery.requested.v1", oa.oaId() + ".zalo",
                ZaloTestSupport.request(oa.deliveryId(), oa.oaId(), 1, oa.title()));
    }

    Document delivery(String id) {
        return adapter.getBean(MongoTemplate.class).findById(id, Document.class, AdapterDeliveries.COLLECTION);
    }

    static List<ZaloArticle> live(String title) {
        return FAKE.articles().stream().filter(a -> a.title().equals(title) && !a.removed()).toList();
    }

    /** Every delivery settles as its OA allows: PUBLISHED once (one live article, one broadcast), or FAILED named. */
    void assertSettled(List<Oa> oas) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, String> unsettled = new TreeMap<>();
            for (Oa oa : oas) {
                Document d = delivery(oa.deliveryId());
                String expected = oa.kind() == Kind.REVOKED ? "FAILED" : "PUBLISHED";
                Document plan = d == null ? null : d.get("zalo", Document.class);
                boolean broadcastDone = plan != null && !"BROADCAST_PENDING".equals(plan.getString("phase"))
                        && !"BROADCASTING".equals(plan.getString("phase"));
                if (d == null || !expected.equals(d.getString("status")) || (expected.equals("PUBLISHED") && !broadcastDone)) {
                    unsettled.put(oa.kind() + " " + oa.deliveryId(), d == null ? "not recorded"
                            : d.getString("status") + "/" + (plan == null ? null : plan.getString("phase")) + " "
                            + d.getString("reasonCode"));
                }
            }
            assertThat(unsettled).as("deliveries not settled").isEmpty();
        });
        for (Oa oa : oas) {
            Document d = delivery(oa.deliveryId());
            List<ZaloArticle> live = live(oa.title());
            if (oa.kind() == Kind.REVOKED) {
                assertThat(d.getString("reasonCode")).as(oa.deliveryId()).isEqualTo("ZALO_REFRESH_TOKEN_INVALID");
                assertThat(d.getString("reason")).as(oa.deliveryId()).contains("reconnect the OA");
                assertThat(live).as(oa.deliveryId()).isEmpty();
                continue;
            }
            assertThat(live).as(oa.kind() + " " + oa.deliveryId() + ": exactly one live article").hasSize(1);
            assertThat(d.getString("externalRef")).as(oa.deliveryId()).isEqualTo(live.getFirst().id());
            assertThat(FAKE.broadcasts().stream().filter(b -> b.articleId().equals(live.getFirst().id())))
                    .as(oa.kind() + " " + oa.deliveryId() + ": broadcasts").hasSizeLessThanOrEqualTo(1);
            if (!"UNCONFIRMED".equals(d.get("zalo", Document.class).getString("broadcast"))) {
                assertThat(FAKE.broadcasts().stream().filter(b -> b.articleId().equals(live.getFirst().id())))
                        .as(oa.kind() + " " + oa.deliveryId() + ": broadcast").hasSize(1);
            }
        }
    }

    void cancelAndAssertNothingLive(List<Oa> oas) {
        oas.forEach(oa -> ZaloTestSupport.send(KAFKA.bootstrapServers(), "vn.govcomm.delivery.retracted.v1",
                oa.oaId() + ".zalo", ZaloTestSupport.retraction(oa.deliveryId(), oa.oaId(), "CAMPAIGN_CANCELLED")));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (Oa oa : oas) {
                Document d = delivery(oa.deliveryId());
                assertThat(d.getString("status")).as(oa.deliveryId()).isEqualTo("CANCELLED");
                assertThat(d.get("zalo", Document.class).getString("phase")).as(oa.deliveryId()).isIn("REMOVED", "STOPPED");
            }
        });
        // Stray articles of unconfirmed creates are watched for until the reconcile horizon has passed.
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(oas.stream()
                .filter(oa -> !live(oa.title()).isEmpty()).map(Oa::deliveryId)).as("live after cancel").isEmpty());
    }

    @Test
    void everyHealthyOaPublishesExactlyOnceUnderLimitsDelaysAndLostAnswersAndCancelLeavesNone() {
        List<Oa> oas = campaign("a");
        Map<String, ZaloTokens> tokens = new TreeMap<>();
        adapter = start("zalo-scale-a", oas, tokens);
        script(oas, tokens);

        oas.forEach(CampaignAcrossOasIntegrationTests::request);

        assertSettled(oas);
        MeterRegistry meters = adapter.getBean(MeterRegistry.class);
        // The limits and the lost answers were waited out through the kit's durable retries, never given up.
        assertThat(meters.counter("govcomm.delivery.retries", "channel", "zalo", "outcome", "scheduled").count())
                .isPositive();
        assertThat(meters.counter("govcomm.delivery.retries", "channel", "zalo", "outcome", "gave-up").count()).isZero();
        cancelAndAssertNothingLive(oas);
    }

    @Test
    void theSameCampaignKilledInTheMiddleEndsTheSameAfterTheRestart() {
        List<Oa> oas = campaign("b");
        Map<String, ZaloTokens> tokens = new TreeMap<>();
        adapter = start("zalo-scale-b", oas, tokens);
        script(oas, tokens);

        oas.forEach(CampaignAcrossOasIntegrationTests::request);
        OaConnections connections = adapter.getBean(OaConnections.class);
        await().atMost(Duration.ofMinutes(1)).until(() -> oas.stream().map(oa -> delivery(oa.deliveryId()))
                .filter(d -> d != null && List.of("ACCEPTED", "PUBLISHED").contains(d.getString("status"))).count()
                >= OAS / 3
                // Not during a token refresh: a refresh whose answer is lost burns Zalo's single-use refresh token,
                // a known limit (README) that would fail a healthy OA, not what this test is about.
                && oas.stream().filter(oa -> oa.kind() == Kind.ACCESS_EXPIRED)
                .allMatch(oa -> connections.find(oa.oaId()).orElseThrow().generation() > 1));
        adapter.close(); // the kill: calls in flight abandoned, leases left to expire
        adapter = start("zalo-scale-b", oas, tokens);

        assertSettled(oas);
        cancelAndAssertNothingLive(oas);
    }
}
