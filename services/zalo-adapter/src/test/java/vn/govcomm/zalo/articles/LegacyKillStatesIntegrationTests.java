package vn.govcomm.zalo.articles;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.fakes.zalo.FakeZalo;
import vn.govcomm.fakes.zalo.ZaloArticle;
import vn.govcomm.fakes.zalo.ZaloTokens;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.zalo.ZaloAdapterApplication;
import vn.govcomm.zalo.ZaloTestSupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16 item 5, the bug LauncherCrashTests met: a kill -9 leaves a Zalo delivery in one of a few shapes, and
 * after the restart every one of them must settle. Here the shapes are written into the store exactly as the
 * previous version of the workflow left them (a plan without the due time and lease this version adds), then the
 * adapter starts on that store with no Kafka redelivery at all: only its own recovery may finish them.
 */
class LegacyKillStatesIntegrationTests {

    static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final FakeZalo FAKE = new FakeZalo().registerApp("app-1", "secret-1").start(0);
    static final ZaloTokens TOKENS = FAKE.issueTokens("app-1");
    static final String OA = "oa-legacy";
    static final String DATABASE = "zalo-legacy";

    ConfigurableApplicationContext adapter;

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

    ConfigurableApplicationContext startAdapter() {
        return new SpringApplicationBuilder(ZaloAdapterApplication.class)
                .properties("spring.config.name=" + ZaloAdapterApplication.CONFIG_NAME)
                .run("--server.port=0", "--spring.kafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                        "--spring.mongodb.uri=" + MONGO.uri(DATABASE), "--govcomm.database=" + DATABASE,
                        "--govcomm.zalo.openapi-base-url=" + FAKE.baseUrl(),
                        "--govcomm.credentials.encryption-key=" + ZaloTestSupport.TEST_KEY,
                        "--" + vn.govcomm.identity.testing.TestCallers.PUBLIC_KEYS_PROPERTY + "="
                                + vn.govcomm.identity.testing.TestCallers.publicKeys(),
                        "--govcomm.zalo.default-app.app-id=app-1", "--govcomm.zalo.default-app.secret=secret-1",
                        "--govcomm.zalo.default-app.refresh-token=" + TOKENS.refreshToken(),
                        "--govcomm.zalo.default-app.access-token=" + TOKENS.accessToken(),
                        "--govcomm.zalo.workflow.initial-delay=50ms", "--govcomm.zalo.workflow.max-delay=400ms",
                        "--govcomm.zalo.workflow.lookup-horizon=3s", "--govcomm.zalo.workflow.lease=2s",
                        "--govcomm.zalo.workflow.orphan-grace=1s", "--govcomm.zalo.workflow.poll-interval=200ms",
                        "--govcomm.delivery.retry.first-delay=200ms", "--govcomm.delivery.retry.max-delay=1s",
                        "--govcomm.delivery.retry.poll-interval=200ms");
    }

    /** One delivery document as the kit's dispatcher records it, with the plan the old workflow had written. */
    static Document delivery(String id, String title, String status, Document plan) {
        String json = ZaloTestSupport.request(id, OA, 1, title);
        DeliveryRequested request = ZaloTestSupport.JSON.readValue(json, DeliveryRequested.class);
        Date long_ago = new Date(System.currentTimeMillis() - 60_000);
        Document doc = new Document("_id", id).append("campaignId", request.campaignId())
                .append("agencyId", request.agencyId()).append("endpointId", request.endpointId())
                .append("externalId", OA).append("attempt", 1).append("status", status)
                .append("request", Document.parse(json)).append("receivedAt", long_ago).append("updatedAt", long_ago);
        if (plan != null) {
            Map<String, Object> article = ArticleContent.article(request, "Tác giả", "https://cdn.example/c.png");
            Document zalo = new Document("attempt", 1).append("article", new Document(article))
                    .append("steps", 0).append("verifies", 0).append("lookups", 0).append("createStartedAt", long_ago);
            zalo.putAll(plan);
            doc.append("zalo", zalo);
        }
        return doc;
    }

    static Document plan(String phase) {
        return new Document("phase", phase);
    }

    /** An article the fake holds as if our create had reached it (same body: our reference included). */
    static ZaloArticle createdAtZalo(Document doc) {
        Document article = doc.get("zalo", Document.class).get("article", Document.class);
        return FAKE.createArticle("app-1", article.toJson());
    }

    @Test
    void everyShapeAKillLeavesSettlesAfterTheRestartWithOneArticleEach() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Document> docs = new LinkedHashMap<>();
        // 1. Recorded by the dispatcher, killed before the plan was written; the record was committed, so Kafka
        //    will not bring it again.
        docs.put("accepted-no-plan", delivery("k1-" + run, "Chưa có kế hoạch " + run, "DISPATCHED", null));
        // 2. Plan written, no step ran.
        docs.put("queued", delivery("k2-" + run, "Đã xếp hàng " + run, "DISPATCHED", plan("QUEUED")));
        // 3. Killed with the create in flight, before it reached Zalo.
        docs.put("creating-not-sent", delivery("k3-" + run, "Đang tạo chưa gửi " + run, "DISPATCHED", plan("CREATING")));
        // 4. Killed with the create in flight after Zalo made the article (the answer was lost).
        Document created = delivery("k4-" + run, "Đang tạo đã gửi " + run, "DISPATCHED", plan("CREATING"));
        docs.put("creating-sent", created);
        // 5. Phase moved to VERIFYING, killed before ACCEPTED was reported.
        Document verifying = delivery("k5-" + run, "Đang xác minh " + run, "DISPATCHED", plan("VERIFYING"));
        docs.put("verifying-unreported", verifying);
        // 6. Phase moved to BROADCAST_PENDING, killed before PUBLISHED was reported.
        Document broadcastPending = delivery("k6-" + run, "Chờ phát " + run, "ACCEPTED", plan("BROADCAST_PENDING"));
        docs.put("published-unreported", broadcastPending);
        // 7. Killed in CREATE_UNCONFIRMED, RETRYING reported.
        docs.put("unconfirmed", delivery("k7-" + run, "Chưa xác nhận " + run, "RETRYING", plan("CREATE_UNCONFIRMED")));

        ZaloArticle k4 = createdAtZalo(created);
        ZaloArticle k5 = createdAtZalo(verifying);
        verifying.get("zalo", Document.class).append("token", k5.token());
        ZaloArticle k6 = createdAtZalo(broadcastPending);
        broadcastPending.get("zalo", Document.class).append("token", k6.token()).append("articleId", k6.id());
        broadcastPending.append("externalRef", k6.token());

        MongoTemplate store = new MongoTemplate(com.mongodb.client.MongoClients.create(MONGO.uri(DATABASE)), DATABASE);
        docs.values().forEach(d -> store.insert(d, AdapterDeliveries.COLLECTION));

        adapter = startAdapter();
        MongoTemplate mongo = adapter.getBean(MongoTemplate.class);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String> unsettled = new ArrayList<>();
            docs.forEach((shape, d) -> {
                Document now = mongo.findById(d.getString("_id"), Document.class, AdapterDeliveries.COLLECTION);
                if (!"PUBLISHED".equals(now.getString("status"))) {
                    unsettled.add(shape + "=" + now.getString("status") + "/"
                            + (now.get("zalo") == null ? null : now.get("zalo", Document.class).getString("phase")));
                }
            });
            assertThat(unsettled).as("deliveries not PUBLISHED").isEmpty();
        });
        docs.forEach((shape, d) -> {
            String title = d.get("request", Document.class).get("content", Document.class).getString("title");
            List<ZaloArticle> live = FAKE.articles().stream().filter(a -> a.title().equals(title) && !a.removed())
                    .toList();
            assertThat(live).as(shape + ": one article").hasSize(1);
            Document now = mongo.findById(d.getString("_id"), Document.class, AdapterDeliveries.COLLECTION);
            assertThat(now.getString("externalRef")).as(shape).isEqualTo(live.getFirst().id());
        });
        assertThat(mongo.findById(created.getString("_id"), Document.class, AdapterDeliveries.COLLECTION)
                .getString("externalRef")).isEqualTo(k4.id());
    }
}
