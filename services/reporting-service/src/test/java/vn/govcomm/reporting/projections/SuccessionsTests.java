package vn.govcomm.reporting.projections;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import vn.govcomm.contracts.events.AgencyChanged;
import vn.govcomm.contracts.events.NotificationSent;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.kit.delivery.DeliveryStatus;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.govcomm.reporting.projections.CampaignProjectionTests.scheduled;
import static vn.govcomm.reporting.projections.CampaignProjectionTests.target;

/**
 * Compliance history follows the successor of a merged or renamed agency: rows, counters, plan and reminders move,
 * later events of the predecessor land on the successor, a replay of the snapshot changes nothing, and a crash
 * midway followed by the redelivery ends in the same state.
 */
class SuccessionsTests {

    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final MongoClient CLIENT = MongoClients.create(MONGO.uri(""));
    static final Instant T = Instant.parse("2025-07-01T01:00:00Z");
    static final String XA_A = "ubnd-xa-a";
    static final String PHUONG_B = "ubnd-phuong-b";
    static final String SO_Y_TE = "so-y-te";

    @AfterAll
    static void close() {
        CLIENT.close();
        MONGO.close();
    }

    /** The projections of one database, wired as the service wires them. */
    record Stack(MongoTemplate mongo, CampaignProjection campaigns, DeliveryProjection deliveries,
                 NotificationProjection notifications, Successions successions) {

        static Stack of(String database) {
            MongoTemplate mongo = new MongoTemplate(CLIENT, database);
            DeliveryProjection deliveries = new DeliveryProjection(mongo);
            return new Stack(mongo, new CampaignProjection(mongo), deliveries, new NotificationProjection(mongo),
                    new Successions(mongo, deliveries));
        }

        /** A directory snapshot, fed as ReportingListeners feeds it. */
        void snapshot(String agencyId, String successorId, Instant at) {
            Document data = new Document("agencyId", agencyId).append("name", "Tên " + agencyId)
                    .append("active", successorId == null)
                    .append("endpoints", List.of(new Document("endpointId", agencyId + ".portal").append("channel", "portal")));
            if (successorId != null) {
                data.append("successorId", successorId);
            }
            AgencyChanged agency = Decoded.as(AgencyChanged.class, data);
            campaigns.onAgencyChanged(agency, at);
            successions.follow(agency, at);
        }

        void delivery(String id, String agencyId, String channel, DeliveryStatus status, int attempt, Instant at) {
            Document data = new Document("deliveryId", id).append("campaignId", "cmp-1").append("agencyId", agencyId)
                    .append("channel", channel).append("endpointId", agencyId + "." + channel).append("attempt", attempt);
            if (status == DeliveryStatus.FAILED) {
                data.append("reasonCode", "FB_TOKEN_EXPIRED").append("reason", "Mã truy cập đã hết hạn");
            }
            deliveries.record(DeliveryProjectionTests.event(data), status, at);
        }

        void reminder(String id, String agencyId, Instant at) {
            notifications.onNotificationSent(Decoded.as(NotificationSent.class, new Document("notificationId", id)
                    .append("campaignId", "cmp-1").append("kind", "REMINDER").append("recipientAgencyId", agencyId)
                    .append("transport", "email").append("outcome", "SENT").append("dueAt", "2025-07-02T08:00:00+07:00")
                    .append("occurredAt", at.toString())), at);
        }

        /** Before the merger: a plan, deliveries in every state of the history, a reminder. */
        Stack before() {
            snapshot(XA_A, null, T);
            snapshot(PHUONG_B, null, T);
            snapshot(SO_Y_TE, null, T);
            CampaignProjectionTests.schedule(campaigns, scheduled(1, target(XA_A, "portal", "facebook"),
                    target(PHUONG_B, "portal"), target(SO_Y_TE, "portal")), T);
            delivery("d-a-portal", XA_A, "portal", DeliveryStatus.DISPATCHED, 1, T.plusSeconds(1));
            delivery("d-a-portal", XA_A, "portal", DeliveryStatus.PUBLISHED, 1, T.plusSeconds(2));
            delivery("d-a-facebook", XA_A, "facebook", DeliveryStatus.DISPATCHED, 1, T.plusSeconds(1));
            delivery("d-a-facebook", XA_A, "facebook", DeliveryStatus.FAILED, 1, T.plusSeconds(3));
            delivery("d-a-zalo", XA_A, "zalo", DeliveryStatus.DISPATCHED, 1, T.plusSeconds(1));
            delivery("d-b-portal", PHUONG_B, "portal", DeliveryStatus.DISPATCHED, 1, T.plusSeconds(1));
            delivery("d-y-portal", SO_Y_TE, "portal", DeliveryStatus.PUBLISHED, 1, T.plusSeconds(2));
            reminder("n-a-1", XA_A, T.plusSeconds(60));
            return this;
        }

        Document perAgency(String agencyId) {
            return mongo.findById(ReadModels.agencyKey("cmp-1", agencyId), Document.class, ReadModels.AGENCY_COUNTS);
        }

        Document row(String deliveryId) {
            return mongo.findById(deliveryId, Document.class, ReadModels.DELIVERIES);
        }

        /** Every document of every read model, by collection and id. */
        Map<String, List<Document>> everything() {
            Map<String, List<Document>> all = new LinkedHashMap<>();
            for (String collection : List.of(ReadModels.DELIVERIES, ReadModels.COUNTS, ReadModels.AGENCY_COUNTS,
                    ReadModels.CAMPAIGN_AGENCIES, ReadModels.AGENCIES, ReadModels.CAMPAIGNS)) {
                all.put(collection, mongo.findAll(Document.class, collection).stream()
                        .sorted(java.util.Comparator.comparing(d -> d.getString("_id"))).toList());
            }
            return all;
        }

        /** The read models without the counters' bookkeeping (rev, seq, updatedAt), which differ from run to run. */
        Map<String, List<Document>> state() {
            Map<String, List<Document>> all = everything();
            all.put(ReadModels.COUNTS, all.get(ReadModels.COUNTS).stream()
                    .map(d -> DeliveryProjectionTests.withoutZeros(DeliveryProjectionTests.settled(new Document(d))))
                    // an $inc of 1 is an int32, a rebuild's count an int64: the same number
                    .map(d -> Document.parse(d.toJson().replaceAll("\\{\"\\$numberLong\": \"(\\d+)\"}", "$1"))).toList());
            all.put(ReadModels.AGENCY_COUNTS, DeliveryProjectionTests.agencyDocuments(mongo));
            return all;
        }
    }

    @Test
    void aMergerMovesRowsCountersPlanAndRemindersToTheSuccessor() {
        Stack stack = Stack.of("merger").before();

        stack.snapshot(XA_A, PHUONG_B, T.plusSeconds(3600));

        for (String id : List.of("d-a-portal", "d-a-facebook", "d-a-zalo")) {
            assertThat(stack.row(id).getString("agencyId")).as(id).isEqualTo(PHUONG_B);
            assertThat(stack.row(id).getString("formerAgencyId")).as(id).isEqualTo(XA_A);
        }
        assertThat(stack.row("d-b-portal").containsKey("formerAgencyId")).isFalse();
        assertThat(stack.row("d-y-portal").getString("agencyId")).isEqualTo(SO_Y_TE);
        assertThat(stack.perAgency(XA_A)).as("the predecessor leaves the campaign").isNull();
        assertThat(CampaignAgencies.ids(stack.mongo(), "cmp-1")).containsExactly(SO_Y_TE, PHUONG_B);
        Document successor = stack.perAgency(PHUONG_B);
        assertThat(successor.getList("required", String.class)).containsExactlyInAnyOrder("portal", "facebook");
        assertThat(successor.getInteger("planIndex")).as("the plan's first place, the predecessor's").isZero();
        assertThat(successor.getList("formerAgencyIds", String.class)).containsExactly(XA_A);
        assertThat(successor.get("notifications", Document.class)).containsKey(ReadModels.fieldKey("n-a-1"));
        assertThat(successor.get("total", Number.class).longValue()).isEqualTo(4);
        Document byChannel = successor.get("byChannel", Document.class);
        assertThat(byChannel.get("portal", Document.class).get("PUBLISHED", Number.class).longValue()).isEqualTo(1);
        assertThat(byChannel.get("portal", Document.class).get("DISPATCHED", Number.class).longValue()).isEqualTo(1);
        assertThat(byChannel.get("facebook", Document.class).get("FAILED", Number.class).longValue()).isEqualTo(1);
        assertThat(successor.get("failures", Document.class)).containsOnlyKeys(ReadModels.fieldKey("d-a-facebook"));
        assertThat(stack.mongo().findById("cmp-1", Document.class, ReadModels.COUNTS).get("total", Number.class).longValue())
                .isEqualTo(5);
        assertCountsEqualARecount(stack);
    }

    @Test
    void laterEventsOfThePredecessorLandOnTheSuccessor() {
        Stack stack = Stack.of("later").before();
        stack.snapshot(XA_A, PHUONG_B, T.plusSeconds(3600));

        stack.delivery("d-a-facebook", XA_A, "facebook", DeliveryStatus.DISPATCHED, 2, T.plusSeconds(3700)); // a re-send
        stack.delivery("d-a-facebook", XA_A, "facebook", DeliveryStatus.PUBLISHED, 2, T.plusSeconds(3800));
        stack.delivery("d-a-led", XA_A, "led", DeliveryStatus.DISPLAYED, 1, T.plusSeconds(3900)); // first seen now
        stack.reminder("n-a-2", XA_A, T.plusSeconds(4000));
        CampaignProjectionTests.schedule(stack.campaigns(), scheduled(2, target(XA_A, "portal", "zalo"),
                target(PHUONG_B, "led"), target(SO_Y_TE, "portal")), T.plusSeconds(4100));

        assertThat(stack.perAgency(XA_A)).as("nothing of the predecessor comes back").isNull();
        assertThat(CampaignAgencies.ids(stack.mongo(), "cmp-1")).containsExactly(SO_Y_TE, PHUONG_B);
        assertThat(stack.row("d-a-led").getString("agencyId")).isEqualTo(PHUONG_B);
        assertThat(stack.row("d-a-led").getString("formerAgencyId")).isEqualTo(XA_A);
        Document successor = stack.perAgency(PHUONG_B);
        assertThat(successor.get("byChannel", Document.class).get("facebook", Document.class)
                .get("PUBLISHED", Number.class).longValue()).isEqualTo(1);
        assertThat(successor.get("failures", Document.class)).isEmpty();
        assertThat(successor.get("notifications", Document.class))
                .containsKeys(ReadModels.fieldKey("n-a-1"), ReadModels.fieldKey("n-a-2"));
        assertThat(successor.getList("required", String.class)).as("a plan naming the predecessor, united")
                .containsExactlyInAnyOrder("portal", "zalo", "led");
        assertThat(successor.getInteger("planIndex")).isZero();
        assertCountsEqualARecount(stack);
    }

    @Test
    void aReplayOfTheSameSnapshotChangesNothing() {
        Stack stack = Stack.of("replay").before();
        stack.snapshot(XA_A, PHUONG_B, T.plusSeconds(3600));
        Map<String, List<Document>> once = stack.everything();

        stack.snapshot(XA_A, PHUONG_B, T.plusSeconds(3600)); // the compacted topic read again
        stack.snapshot(XA_A, null, T); // and the older snapshot of the agency, late

        assertThat(stack.everything()).isEqualTo(once);
    }

    @Test
    void aCrashMidwayThenTheRedeliveryEndsAsWithoutTheCrash() {
        Stack clean = Stack.of("clean").before();
        clean.snapshot(XA_A, PHUONG_B, T.plusSeconds(3600));

        Stack crashed = Stack.of("crashed").before();
        // As if the first delivery of the snapshot died after storing it, merging the plan and moving the rows,
        // before the counters and the predecessor's removal.
        AgencyChanged snapshot = Decoded.as(AgencyChanged.class, new Document("agencyId", XA_A).append("name", "Tên " + XA_A)
                .append("active", false).append("successorId", PHUONG_B)
                .append("endpoints", List.of(new Document("endpointId", XA_A + ".portal").append("channel", "portal"))));
        crashed.campaigns().onAgencyChanged(snapshot, T.plusSeconds(3600));
        crashed.mongo().upsert(Query.query(Criteria.where("_id").is(ReadModels.agencyKey("cmp-1", PHUONG_B))),
                new Update().addToSet("required").each("portal", "facebook").min("planIndex", 0), ReadModels.AGENCY_COUNTS);
        crashed.mongo().updateMulti(Query.query(Criteria.where("agencyId").is(XA_A)),
                new Update().set("agencyId", PHUONG_B).set("formerAgencyId", XA_A), ReadModels.DELIVERIES);

        crashed.successions().follow(snapshot, T.plusSeconds(3600)); // the redelivery

        assertThat(crashed.state()).isEqualTo(clean.state());
    }

    @Test
    void aRenameGivesTheNewAgencyThePredecessorsHistory() {
        Stack stack = Stack.of("rename").before();
        // The same commune under its new name: a new agency id with the predecessor's endpoints, not in any plan yet.
        stack.snapshot("ubnd-xa-a-moi", null, T.plusSeconds(3500));
        stack.snapshot(XA_A, "ubnd-xa-a-moi", T.plusSeconds(3600));

        Document renamed = stack.perAgency("ubnd-xa-a-moi");
        assertThat(renamed.getList("required", String.class)).containsExactly("portal", "facebook");
        assertThat(renamed.getInteger("planIndex")).isZero();
        assertThat(renamed.get("total", Number.class).longValue()).isEqualTo(3);
        assertThat(stack.perAgency(PHUONG_B).get("total", Number.class).longValue()).isEqualTo(1);
        assertThat(CampaignAgencies.ids(stack.mongo(), "cmp-1")).containsExactly(SO_Y_TE, PHUONG_B, "ubnd-xa-a-moi");
        assertCountsEqualARecount(stack);
    }

    @Test
    void aChainOfSuccessionsEndsAtItsLastAgency() {
        Stack stack = Stack.of("chain").before();
        stack.snapshot(PHUONG_B, SO_Y_TE, T.plusSeconds(3000)); // B merged into the department first
        stack.snapshot(XA_A, PHUONG_B, T.plusSeconds(3600)); // then A names B, which is gone already

        assertThat(CampaignAgencies.ids(stack.mongo(), "cmp-1")).containsExactly(SO_Y_TE);
        assertThat(stack.row("d-a-portal").getString("agencyId")).isEqualTo(SO_Y_TE);
        assertThat(stack.row("d-a-portal").getString("formerAgencyId")).isEqualTo(XA_A);
        assertThat(stack.row("d-b-portal").getString("formerAgencyId")).isEqualTo(PHUONG_B);
        assertThat(stack.perAgency(SO_Y_TE).get("total", Number.class).longValue()).isEqualTo(5);
        stack.delivery("d-a-email", XA_A, "email", DeliveryStatus.DISPATCHED, 1, T.plusSeconds(3700));
        assertThat(stack.row("d-a-email").getString("agencyId")).isEqualTo(SO_Y_TE);
        assertCountsEqualARecount(stack);
    }

    @Test
    void aBatchThatReadItsRowsBeforeTheMoveCountsItsMovesForTheSuccessor() {
        Stack stack = Stack.of("stale").before();
        AtomicBoolean moved = new AtomicBoolean();
        // The whole succession runs after the batch read its rows and before it marks the campaign (its first write).
        MongoTemplate racing = new MongoTemplate(CLIENT, "stale") {
            @Override
            @SuppressWarnings("unchecked")
            public MongoCollection<Document> getCollection(String name) {
                MongoCollection<Document> real = super.getCollection(name);
                return (MongoCollection<Document>) Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {MongoCollection.class}, (proxy, method, args) -> {
                            if (method.getName().equals("bulkWrite") && name.equals(ReadModels.COUNTS) && !moved.getAndSet(true)) {
                                stack.snapshot(XA_A, PHUONG_B, T.plusSeconds(3600));
                            }
                            try {
                                return method.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
        };
        Document published = new Document("deliveryId", "d-a-zalo").append("campaignId", "cmp-1").append("agencyId", XA_A)
                .append("channel", "zalo").append("endpointId", XA_A + ".zalo").append("attempt", 1);

        new DeliveryProjection(racing).record(DeliveryProjectionTests.event(published), DeliveryStatus.PUBLISHED,
                T.plusSeconds(10));

        assertThat(moved).isTrue();
        assertThat(stack.row("d-a-zalo").getString("status")).isEqualTo("PUBLISHED");
        assertThat(stack.row("d-a-zalo").getString("agencyId")).isEqualTo(PHUONG_B);
        assertThat(stack.perAgency(XA_A)).as("no count of the batch went to the predecessor").isNull();
        assertThat(stack.perAgency(PHUONG_B).get("byChannel", Document.class).get("zalo", Document.class)
                .get("PUBLISHED", Number.class).longValue()).isEqualTo(1);
        assertCountsEqualARecount(stack);
    }

    /** The incremental and moved counters are those a rebuild from the rows gives. */
    private static void assertCountsEqualARecount(Stack stack) {
        Map<String, List<Document>> before = stack.state();
        stack.deliveries().recount("cmp-1");
        assertThat(stack.state()).isEqualTo(before);
    }
}
