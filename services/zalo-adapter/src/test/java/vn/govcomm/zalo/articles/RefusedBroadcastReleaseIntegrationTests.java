package vn.govcomm.zalo.articles;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import vn.govcomm.embedded.EmbeddedKafka;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.fakes.zalo.FakeZalo;
import vn.govcomm.fakes.zalo.ZaloArticle;
import vn.govcomm.fakes.zalo.ZaloTokens;
import vn.govcomm.kit.delivery.AdapterDeliveries;
import vn.govcomm.zalo.AdapterProcess;
import vn.govcomm.zalo.ZaloTestSupport;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18 item 2: once the connection's broadcasts are known to be refused until a reset time (the usual case of a
 * campaign: a few broadcasts a day per OA), a verified article's PUBLISHED, the plan's wait for that reset and the
 * release of the plan are ONE write. That write is fenced as a release is: a wake from elsewhere while the run holds
 * the plan (another instance's retraction) makes it fail, and the run then does what it did before the merge, so the
 * wake is acted on at once instead of at the reset.
 */
class RefusedBroadcastReleaseIntegrationTests {

    static final EmbeddedKafka KAFKA = EmbeddedKafka.start();
    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final FakeZalo FAKE = new FakeZalo().registerApp("app-1", "secret-1").start(0);
    static final ZaloTokens TOKENS = FAKE.issueTokens("app-1");
    static final String DATABASE = "zalo-refused";
    static final int DELIVERIES = 10;
    /** The test reads through a client of its own: its polling is not the adapter's work (nor in its count). */
    static final MongoClient READER = MongoClients.create(MONGO.uri(DATABASE));
    static final MongoTemplate STORE = new MongoTemplate(READER, DATABASE);

    ConfigurableApplicationContext adapter;

    @BeforeAll
    static void noBroadcastsLeft() {
        // The default quota period (a day, reset at 07:00): the reset is hours away, longer than any test waits.
        FAKE.exhaustBroadcastQuota("app-1");
    }

    @AfterEach
    void stop() {
        if (adapter != null) {
            adapter.close();
        }
    }

    @AfterAll
    static void closeAll() {
        READER.close();
        FAKE.close();
        KAFKA.close();
        MONGO.close();
    }

    ConfigurableApplicationContext start(StoreCommandsPerDeliveryIntegrationTests.Counter counter,
                                         ArticleWorkflow.Checkpoints checkpoints) {
        return AdapterProcess.start(KAFKA, MONGO, DATABASE, FAKE, ctx -> {
                    if (counter != null) {
                        ctx.getBeanFactory().registerSingleton("commandCounter",
                                (MongoClientSettingsBuilderCustomizer) settings -> settings.addCommandListener(counter));
                    }
                    if (checkpoints != null) {
                        ctx.getBeanFactory().registerSingleton("checkpoints", checkpoints);
                    }
                },
                "--govcomm.zalo.default-app.app-id=app-1", "--govcomm.zalo.default-app.secret=secret-1",
                "--govcomm.zalo.default-app.refresh-token=" + TOKENS.refreshToken(),
                "--govcomm.zalo.default-app.access-token=" + TOKENS.accessToken());
    }

    static void request(String deliveryId) {
        ZaloTestSupport.send(KAFKA.bootstrapServers(), "vn.govcomm.delivery.requested.v1", "so-refused.zalo",
                ZaloTestSupport.request(deliveryId, "oa-" + deliveryId, 1, title(deliveryId)));
    }

    static String title(String deliveryId) {
        return "Hạn mức " + deliveryId;
    }

    Document delivery(String id) {
        return STORE.findById(id, Document.class, AdapterDeliveries.COLLECTION);
    }

    Document plan(String id) {
        Document doc = delivery(id);
        return doc == null ? null : doc.get("zalo", Document.class);
    }

    static List<ZaloArticle> articles(String id) {
        return FAKE.articles().stream().filter(a -> a.title().equals(title(id))).toList();
    }

    /** A first delivery meets the refusal (its broadcast is refused, the quota call tells the reset): now it is known. */
    void learnTheRefusal(String run) {
        String learner = run + "learner";
        request(learner);
        await().atMost(Duration.ofSeconds(30)).until(() -> plan(learner) != null
                && "WAITING".equals(plan(learner).getString("broadcast")) && plan(learner).get("owner") == null);
    }

    /** Published, waiting for the reset without a BROADCASTING record, the plan let go, the status relayed. */
    void assertWaitingForTheReset(String id) {
        Document doc = delivery(id);
        Document plan = doc.get("zalo", Document.class);
        assertThat(doc.getString("status")).as(id).isEqualTo("PUBLISHED");
        assertThat(doc.getString("externalRef")).as(id).isEqualTo(articles(id).getFirst().id());
        assertThat(plan.getString("phase")).as(id).isEqualTo("BROADCAST_PENDING");
        assertThat(plan.getString("broadcast")).as(id).isEqualTo("WAITING");
        assertThat(plan.getString("broadcastReason")).as(id).isNotBlank();
        assertThat(plan.getString("articleId")).as(id).isEqualTo(articles(id).getFirst().id());
        assertThat(plan.getString("token")).as(id + ": the token held over the polls is written").isNotBlank();
        assertThat(plan.get("owner")).as(id + " released").isNull();
        assertThat(plan.get("leaseUntil")).as(id + " released").isNull();
        assertThat(plan.getDate("dueAt").toInstant()).as(id + " due at the reset Zalo told")
                .isAfter(Instant.now().plus(Duration.ofMinutes(1)));
    }

    @Test
    void aPublishedDeliveryWhoseBroadcastMustWaitCostsOnePlanWriteAfterItsCreate() {
        String run = "rf-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        StoreCommandsPerDeliveryIntegrationTests.Counter counter = new StoreCommandsPerDeliveryIntegrationTests.Counter(run);
        adapter = start(counter, null);
        learnTheRefusal(run);
        int broadcasts = FAKE.requests("POST", ".*/oa/message").size();
        counter.counts.clear();

        List<String> ids = IntStream.range(0, DELIVERIES).mapToObj(i -> run + i).toList();
        ids.forEach(RefusedBroadcastReleaseIntegrationTests::request);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ids.forEach(id -> {
            assertThat(plan(id)).as(id).isNotNull();
            assertThat(plan(id).get("owner")).as(id + " released").isNull();
            assertThat(plan(id).getString("phase")).as(id).isEqualTo("BROADCAST_PENDING");
            assertThat(delivery(id).getList("outbox", Document.class, List.of())).as(id + " relayed").isEmpty();
        }));
        ids.forEach(this::assertWaitingForTheReset);
        ids.forEach(id -> assertThat(articles(id)).as(id + ": one article").hasSize(1));
        assertThat(FAKE.requests("POST", ".*/oa/message")).as("no broadcast sent: the refusal was known").hasSize(broadcasts);

        // Per delivery: the plan written with the create (CREATING), then PUBLISHED + the wait + the release. Before
        // the merge a third update followed (the release). The kit's insert and the relay are counted apart.
        long planWrites = counter.counts.entrySet().stream().filter(e -> e.getKey().equals("deliveries update"))
                .mapToLong(e -> e.getValue().sum()).sum();
        System.out.printf("Zalo, broadcast refused: %d plan and status writes for %d deliveries %s%n", planWrites,
                DELIVERIES, counter.breakdown());
        assertThat(planWrites).as(counter.breakdown().toString()).isLessThanOrEqualTo(2L * DELIVERIES + 1);
    }

    @Test
    void aWakeFromElsewhereWhileTheRunHoldsThePlanIsActedOnAtOnceNotAtTheReset() {
        String run = "rw-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        String id = run + "woken";
        AtomicBoolean woken = new AtomicBoolean();
        // Another instance retracts the delivery while this run waits between two verify polls (its lease held, the
        // plan read before): it writes what PlanStore#wake writes there (the status is left to its own report).
        ArticleWorkflow.Checkpoints retractElsewhere = (point, deliveryId) -> {
            if (point.equals("held") && deliveryId.equals(id) && woken.compareAndSet(false, true)) {
                assertThat(STORE.updateFirst(Query.query(Criteria.where("_id").is(id)),
                        new Update().set("zalo.retracted", "CAMPAIGN_CANCELLED").set("zalo.dueAt", new Date())
                                .inc("zalo.wakes", 1), AdapterDeliveries.COLLECTION).getModifiedCount()).isEqualTo(1);
            }
        };
        adapter = start(null, retractElsewhere);
        learnTheRefusal(run);

        request(id);
        // Taken back at once: had the merged write ignored the wake, the plan would sleep until the reset, hours away,
        // with the article live.
        await().atMost(Duration.ofSeconds(30)).until(() -> plan(id) != null && "REMOVED".equals(plan(id).getString("phase")));
        assertThat(woken).as("woken while held").isTrue();
        assertThat(articles(id)).as("created once").hasSize(1);
        assertThat(articles(id).getFirst().removed()).as("taken back").isTrue();
        assertThat(plan(id).get("owner")).as("released").isNull();
    }
}
