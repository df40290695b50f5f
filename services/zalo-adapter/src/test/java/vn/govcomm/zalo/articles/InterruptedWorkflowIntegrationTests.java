package vn.govcomm.zalo.articles;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.fakes.zalo.FakeZalo;
import vn.govcomm.fakes.zalo.ZaloArticle;
import vn.govcomm.fakes.zalo.ZaloError;
import vn.govcomm.fakes.zalo.ZaloTokens;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.zalo.AdapterProcess;
import vn.govcomm.zalo.ZaloTestSupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16 item 5: a kill at every point where the workflow has done something it has not recorded yet (or recorded
 * something it has not reported yet). The first adapter stops dead at that point for one delivery each — its worker
 * thread dies, its lease is left as it was — then it is closed (the kill) and a second adapter starts on the same
 * store and broker. Every delivery must settle as if nothing had happened: PUBLISHED with exactly one live article
 * (or FAILED with its reason for the one Zalo refused), never a second broadcast; a cancellation afterwards leaves no
 * live article.
 */
class InterruptedWorkflowIntegrationTests {

    static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final FakeZalo FAKE = new FakeZalo().registerApp("app-1", "secret-1").start(0);
    static final ZaloTokens TOKENS = FAKE.issueTokens("app-1");
    static final String OA = "oa-kill";
    static final String DATABASE = "zalo-kill";

    /** A kill: nothing after this point runs for that delivery in this adapter (not a RuntimeException: uncaught). */
    static final class SimulatedKill extends Error {
        SimulatedKill(String point) {
            super("killed at " + point, null, false, false);
        }
    }

    static final class Killer implements ArticleWorkflow.Checkpoints {
        final Map<String, String> pointByDelivery = new ConcurrentHashMap<>();
        final Set<String> killed = ConcurrentHashMap.newKeySet();

        @Override
        public void reached(String point, String deliveryId) {
            if (point.equals(pointByDelivery.get(deliveryId)) && killed.add(deliveryId)) {
                throw new SimulatedKill(point);
            }
        }
    }

    ConfigurableApplicationContext adapter;

    @AfterEach
    void stop() {
        FAKE.faults().clear();
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

    ConfigurableApplicationContext start(Killer killer) {
        return AdapterProcess.start(KAFKA, MONGO, DATABASE, FAKE,
                killer == null ? null : ctx -> ctx.getBeanFactory().registerSingleton("killer", killer),
                "--govcomm.zalo.default-app.app-id=app-1", "--govcomm.zalo.default-app.secret=secret-1",
                "--govcomm.zalo.default-app.refresh-token=" + TOKENS.refreshToken(),
                "--govcomm.zalo.default-app.access-token=" + TOKENS.accessToken());
    }

    void request(String deliveryId, String title) {
        ZaloTestSupport.send(KAFKA.bootstrapServers(), "vn.govcomm.delivery.requested.v1", "so-kill.zalo",
                ZaloTestSupport.request(deliveryId, OA, 1, title));
    }

    Document delivery(String id) {
        return adapter.getBean(MongoTemplate.class).findById(id, Document.class, AdapterDeliveries.COLLECTION);
    }

    static List<ZaloArticle> live(String title) {
        return FAKE.articles().stream().filter(a -> a.title().equals(title) && !a.removed()).toList();
    }

    @Test
    void aKillAtEveryUnrecordedStepIsFinishedByTheNextStartWithOneArticleAndNoSecondBroadcast() {
        String run = UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> points = new LinkedHashMap<>();
        for (String point : List.of("claimed", "create.sending", "create.answered", "create.recorded",
                "published.recorded", "broadcast.sending", "failed.recorded")) {
            points.put("k-" + point.replace('.', '-') + "-" + run, point);
        }
        Killer killer = new Killer();
        killer.pointByDelivery.putAll(points);
        adapter = start(killer);

        // The one Zalo refuses goes first, alone, so that the scripted refusal meets its create.
        String refused = "k-failed-recorded-" + run;
        FAKE.faults().failNext(1, "POST", ".*/article/create", ZaloError.invalidParameter("cover is invalid").asFault());
        request(refused, "Bị từ chối " + run);
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> killer.killed.contains(refused));
        points.keySet().stream().filter(id -> !id.equals(refused)).forEach(id -> request(id, "Bài " + id));
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(killer.killed)
                .containsExactlyInAnyOrderElementsOf(points.keySet()));
        adapter.close(); // the kill

        adapter = start(null); // the restart, on the same store and broker

        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            List<String> unsettled = new ArrayList<>();
            points.forEach((id, point) -> {
                String expected = id.equals(refused) ? "FAILED" : "PUBLISHED";
                Document d = delivery(id);
                // Settled also means past the broadcast step (PUBLISHED is reported before the broadcast is sent).
                Document plan = d == null ? null : d.get("zalo", Document.class);
                boolean broadcastStep = plan != null && Set.of("BROADCAST_PENDING", "BROADCASTING")
                        .contains(plan.getString("phase"));
                if (d == null || !expected.equals(d.getString("status")) || broadcastStep) {
                    unsettled.add(point + "=" + (d == null ? null : d.getString("status") + "/"
                            + d.get("zalo", Document.class).getString("phase")));
                }
            });
            assertThat(unsettled).as("deliveries not settled after the restart").isEmpty();
        });
        assertThat(delivery(refused).getString("reasonCode")).isEqualTo("ZALO_-201");
        assertThat(live("Bị từ chối " + run)).isEmpty();
        points.keySet().stream().filter(id -> !id.equals(refused)).forEach(id -> {
            List<ZaloArticle> articles = live("Bài " + id);
            assertThat(articles).as(points.get(id) + ": one live article").hasSize(1);
            assertThat(delivery(id).getString("externalRef")).as(points.get(id)).isEqualTo(articles.getFirst().id());
            long broadcasts = FAKE.broadcasts().stream().filter(b -> b.articleId().equals(articles.getFirst().id()))
                    .count();
            // A broadcast in flight at the kill is never sent again (followers would be notified twice). PUBLISHED is
            // recorded in the same write that marks the broadcast in flight (the call follows at once), so a kill
            // right after it is a kill mid-send too.
            assertThat(broadcasts).as(points.get(id) + ": broadcasts")
                    .isEqualTo(Set.of("published.recorded", "broadcast.sending").contains(points.get(id)) ? 0 : 1);
        });

        points.keySet().forEach(id -> ZaloTestSupport.send(KAFKA.bootstrapServers(), "vn.govcomm.delivery.retracted.v1",
                "so-kill.zalo", ZaloTestSupport.retraction(id, OA, "CAMPAIGN_CANCELLED")));
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(60)).untilAsserted(() -> points.keySet().forEach(id -> {
            assertThat(delivery(id).getString("status")).as(id).isEqualTo("CANCELLED");
            assertThat(delivery(id).get("zalo", Document.class).getString("phase")).as(id).isIn("REMOVED", "STOPPED");
            assertThat(live("Bài " + id)).as(id + ": no live article after cancel").isEmpty();
        }));
    }

    /**
     * Issue 18 item 2: the crash points the fewer writes moved. A new delivery's plan is written with its lease and
     * the create step at once ({@code claimed}: CREATING, nothing sent); the article made and nothing recorded
     * ({@code create.answered}); the quick verify polls held in memory after the token + ACCEPTED write
     * ({@code verify.waiting}); the broadcast sent and DONE not written ({@code broadcast.answered}). After the
     * restart the request comes again (a Kafka redelivery): each ends PUBLISHED with exactly one live article, and
     * no broadcast is sent twice.
     */
    @Test
    void aKillBetweenTheMergedWritesIsFinishedAfterTheRedeliveryWithOneArticleAndOneBroadcast() {
        String run = UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> points = new LinkedHashMap<>();
        for (String point : List.of("claimed", "create.answered", "verify.waiting", "broadcast.answered")) {
            points.put("m-" + point.replace('.', '-') + "-" + run, point);
        }
        Killer killer = new Killer();
        killer.pointByDelivery.putAll(points);
        adapter = start(killer);
        points.keySet().forEach(id -> request(id, "Bài " + id));
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(killer.killed)
                .containsExactlyInAnyOrderElementsOf(points.keySet()));
        adapter.close(); // the kill

        adapter = start(null);
        points.keySet().forEach(id -> request(id, "Bài " + id)); // the redelivery

        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(90)).untilAsserted(() -> points.forEach((id, point) -> {
            Document d = delivery(id);
            assertThat(d.getString("status")).as(point).isEqualTo("PUBLISHED");
            assertThat(d.get("zalo", Document.class).getString("phase")).as(point).isEqualTo("DONE");
        }));
        points.forEach((id, point) -> {
            List<ZaloArticle> articles = live("Bài " + id);
            assertThat(articles).as(point + ": one live article").hasSize(1);
            assertThat(FAKE.articles().stream().filter(a -> a.title().equals("Bài " + id))).as(point + ": created once")
                    .hasSize(1);
            assertThat(delivery(id).getString("externalRef")).as(point).isEqualTo(articles.getFirst().id());
            assertThat(FAKE.broadcasts().stream().filter(b -> b.articleId().equals(articles.getFirst().id())))
                    .as(point + ": broadcasts").hasSize(1);
        });
        // The broadcast answered before the kill is not sent again: recorded as unconfirmed.
        assertThat(delivery("m-broadcast-answered-" + run).get("zalo", Document.class).getString("broadcast"))
                .isEqualTo("UNCONFIRMED");
    }
}
