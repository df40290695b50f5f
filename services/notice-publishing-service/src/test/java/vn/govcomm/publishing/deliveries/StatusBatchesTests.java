package vn.govcomm.publishing.deliveries;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.events.DeliveryStatusChanged;
import vn.govcomm.contracts.events.DeliveryStatusChanged.Status;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.kit.events.PoisonEventException;
import vn.govcomm.kit.outbox.OutboxRelay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The publisher's batch of channel statuses against the store: what it costs (store commands counted on the client)
 * and that it always ends where applying the statuses one by one would.
 */
class StatusBatchesTests {

    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final Instant PUBLISH_AT = Instant.parse("2026-12-05T01:00:00Z");

    final Map<String, Integer> commands = new ConcurrentHashMap<>();
    /** Runs when the bulk write is about to go out (a concurrent writer), once. */
    final AtomicReference<Consumer<MongoTemplate>> beforeBulkWrite = new AtomicReference<>();
    MongoClient client;
    MongoClient other;
    MongoTemplate mongo;
    MongoTemplate otherWriter;
    SimpleMeterRegistry meters;
    Deliveries deliveries;
    StatusBatches batches;

    @BeforeEach
    void setUp() {
        String db = "batches-" + System.nanoTime();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(MONGO.uri(db)))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        commands.merge(event.getCommandName(), 1, Integer::sum);
                        Consumer<MongoTemplate> writer = beforeBulkWrite.get();
                        if ("update".equals(event.getCommandName()) && writer != null && beforeBulkWrite.compareAndSet(writer, null)) {
                            writer.accept(otherWriter);
                        }
                    }
                }).build());
        other = MongoClients.create(MONGO.uri(db));
        mongo = new MongoTemplate(client, db);
        otherWriter = new MongoTemplate(other, db);
        meters = new SimpleMeterRegistry();
        OutboxRelay unused = new OutboxRelay(mongo, null, "deliveries", Duration.ofHours(1), 10, meters);
        deliveries = new Deliveries(mongo, unused, JsonMapper.builder().build(), campaignId -> false, meters);
        batches = new StatusBatches(mongo, deliveries);
    }

    @AfterEach
    void tearDown() {
        client.close();
        other.close();
    }

    @AfterAll
    static void stop() {
        MONGO.close();
    }

    @Test
    void aBatchOfStatusesCostsOneReadAndOneBulkWriteOfTheStore() {
        List<StatusBatches.Status> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String id = "dlv-" + i;
            insert(id, "facebook");
            batch.add(status(id, Status.ACCEPTED, 1, 10));
        }
        for (int i = 0; i < 50; i++) {
            batch.add(status("dlv-" + i, Status.PUBLISHED, 1, 20));
        }
        commands.clear();

        batches.apply(batch);

        // 100 statuses of 50 deliveries; one by one they cost a read and a compare-and-set each (200 commands)
        assertThat(commands).containsExactlyInAnyOrderEntriesOf(Map.of("find", 1, "update", 1));
        assertThat(mongo.findAll(Document.class, "deliveries")).hasSize(50).allSatisfy(d -> {
            assertThat(d.getString("status")).isEqualTo("PUBLISHED");
            assertThat(d.getDate("firstAchievedAt")).isEqualTo(Date.from(PUBLISH_AT.plusSeconds(20)));
        });
        assertThat(meters.counter("govcomm.deliveries.status", "channel", "facebook", "status", "ACCEPTED").count()).isEqualTo(50);
        assertThat(meters.counter("govcomm.deliveries.status", "channel", "facebook", "status", "PUBLISHED").count()).isEqualTo(50);
        assertThat(meters.find("govcomm.delivery.latency").tags("channel", "facebook", "outcome", "published").timer().count())
                .isEqualTo(50);
    }

    @Test
    void theStatusesOfOneDeliveryInOneBatchEndWhereOneByOneWouldInAnyOrder() {
        List<List<StatusBatches.Status>> sequences = List.of(
                List.of(s(Status.PUBLISHED, 1, 20), s(Status.ACCEPTED, 1, 10)),
                List.of(s(Status.FAILED, 1, 10, "TOKEN_EXPIRED"), s(Status.PUBLISHED, 1, 30)),
                List.of(s(Status.PUBLISHED, 1, 10), s(Status.EXPIRED, 1, 40, "WINDOW_ENDED")),
                List.of(s(Status.RETRYING, 1, 5, "THROTTLED"), s(Status.FAILED, 1, 15, "GAVE_UP"), s(Status.PUBLISHED, 1, 25)),
                List.of(s(Status.PUBLISHED, 1, 30), s(Status.DISPLAYED, 1, 20), s(Status.PUBLISHED, 1, 30)),
                List.of(s(Status.FAILED, 1, 10, "X"), s(Status.PUBLISHED, 2, 50), s(Status.ACCEPTED, 2, 45)),
                List.of(s(Status.PUBLISHED, 2, 50), s(Status.FAILED, 1, 60, "LATE")));
        for (int n = 0; n < sequences.size(); n++) {
            String batched = "dlv-batched-" + n;
            String oneByOne = "dlv-one-" + n;
            insert(batched, "zalo");
            insert(oneByOne, "zalo");
            List<StatusBatches.Status> sequence = sequences.get(n);

            batches.apply(sequence.stream().map(x -> retarget(x, batched)).toList());
            sequence.forEach(x -> deliveries.applyStatus(retarget(x, oneByOne).report(), x.at()));

            Document a = mongo.findById(batched, Document.class, "deliveries");
            Document b = mongo.findById(oneByOne, Document.class, "deliveries");
            for (String field : List.of("status", "attempt", "statusAt", "reasonCode", "reason", "externalRef", "permalink",
                    "firstAchievedAt")) {
                assertThat(a.get(field)).as("sequence " + n + ": " + field).isEqualTo(b.get(field));
            }
        }
        // the batch counts the moves one by one would: half of every counter is the batches'
        meters.getMeters().stream().filter(m -> m.getId().getName().equals("govcomm.deliveries.status"))
                .forEach(m -> assertThat(((io.micrometer.core.instrument.Counter) m).count() % 2).as(m.getId().toString())
                        .isZero());
    }

    @Test
    void aStatusOfAnUnrecordedDeliveryStopsTheBatchThereAfterWhatIsBeforeItIsApplied() {
        insert("dlv-a", "portal");
        insert("dlv-c", "portal");

        StatusBatches.Stopped stopped = catchThrowableOfType(StatusBatches.Stopped.class, () -> batches.apply(List.of(
                status("dlv-a", Status.PUBLISHED, 1, 10), status("dlv-unknown", Status.PUBLISHED, 1, 10),
                status("dlv-c", Status.PUBLISHED, 1, 10))));

        assertThat(stopped.index()).isEqualTo(1);
        assertThat(stopped.getCause()).isInstanceOf(PoisonEventException.class); // no expansion running: unknown
        assertThat(mongo.findById("dlv-a", Document.class, "deliveries").getString("status")).isEqualTo("PUBLISHED");
        assertThat(mongo.findById("dlv-c", Document.class, "deliveries").getString("status")).isEqualTo("DISPATCHED");
    }

    @Test
    void aDeliveryRecordedAfterTheBatchReadItAndBeforeTheExpansionEndedIsRetriedNotDeadLettered() {
        insert("dlv-a", "portal");
        // The batch reads before the expansion's recorder writes dlv-late; the expansion then ends (no expansion runs
        // here), so "not running" alone would call the status poison although its delivery is recorded now.
        beforeBulkWrite.set(w -> w.insert(new Document("_id", "dlv-late").append("campaignId", "cmp-1")
                .append("channel", "led").append("status", "DISPATCHED").append("attempt", 1)
                .append("publishAt", Date.from(PUBLISH_AT)), "deliveries"));

        StatusBatches.Stopped stopped = catchThrowableOfType(StatusBatches.Stopped.class, () -> batches.apply(List.of(
                status("dlv-a", Status.PUBLISHED, 1, 10), status("dlv-late", Status.ACCEPTED, 1, 10))));

        assertThat(stopped.index()).isEqualTo(1);
        assertThat(stopped.getCause()).isInstanceOf(Deliveries.NotRecordedYetException.class); // retried: it is there
        batches.apply(List.of(status("dlv-late", Status.ACCEPTED, 1, 10))); // the listener's retry
        assertThat(mongo.findById("dlv-late", Document.class, "deliveries").getString("status")).isEqualTo("ACCEPTED");
    }

    @Test
    void aCompareAndSetLostToAnotherWriterIsRedoneOneStatusAtATime() {
        insert("dlv-x", "led");
        insert("dlv-y", "led");
        // between the batch's read and its write, an officer's re-send makes dlv-x a new attempt
        beforeBulkWrite.set(w -> w.getCollection("deliveries").updateOne(new Document("_id", "dlv-x"),
                new Document("$set", new Document("status", "PENDING").append("attempt", 2))));

        batches.apply(List.of(status("dlv-x", Status.FAILED, 1, 10), status("dlv-x", Status.DISPLAYED, 2, 20),
                status("dlv-y", Status.DISPLAYED, 1, 20)));

        // attempt 1's failure is stale for attempt 2; attempt 2's proof of play applies, as one by one it would
        Document x = mongo.findById("dlv-x", Document.class, "deliveries");
        assertThat(x.getString("status")).isEqualTo("DISPLAYED");
        assertThat(x.getInteger("attempt")).isEqualTo(2);
        assertThat(x.get("reasonCode")).isNull();
        assertThat(mongo.findById("dlv-y", Document.class, "deliveries").getString("status")).isEqualTo("DISPLAYED");
        assertThat(meters.counter("govcomm.deliveries.status", "channel", "led", "status", "DISPLAYED").count()).isEqualTo(2);
        assertThat(meters.counter("govcomm.deliveries.status", "channel", "led", "status", "FAILED").count()).isZero();
    }

    private void insert(String id, String channel) {
        mongo.insert(new Document("_id", id).append("campaignId", "cmp-1").append("channel", channel)
                .append("status", "DISPATCHED").append("attempt", 1).append("publishAt", Date.from(PUBLISH_AT)), "deliveries");
    }

    private static StatusBatches.Status s(Status status, int attempt, int second) {
        return status("?", status, attempt, second);
    }

    private static StatusBatches.Status s(Status status, int attempt, int second, String reasonCode) {
        StatusBatches.Status x = status("?", status, attempt, second);
        DeliveryStatusChanged r = x.report();
        return new StatusBatches.Status(new DeliveryStatusChanged(r.deliveryId(), r.campaignId(), r.agencyId(), r.channel(),
                r.endpointId(), r.status(), r.attempt(), reasonCode, "vì " + reasonCode, r.externalRef(), r.permalink(),
                r.occurredAt()), x.at());
    }

    private static StatusBatches.Status retarget(StatusBatches.Status x, String deliveryId) {
        DeliveryStatusChanged r = x.report();
        return new StatusBatches.Status(new DeliveryStatusChanged(deliveryId, r.campaignId(), r.agencyId(), r.channel(),
                r.endpointId(), r.status(), r.attempt(), r.reasonCode(), r.reason(), r.externalRef(), r.permalink(),
                r.occurredAt()), x.at());
    }

    private static StatusBatches.Status status(String deliveryId, Status status, int attempt, int second) {
        Instant at = PUBLISH_AT.plusSeconds(second);
        boolean proof = status == Status.PUBLISHED || status == Status.DISPLAYED;
        return new StatusBatches.Status(new DeliveryStatusChanged(deliveryId, "cmp-1", "so-y-te", "facebook",
                "so-y-te.facebook", status, attempt, null, null, proof ? "post-" + second : null,
                proof ? "https://facebook.example/p/" + second : null, at.toString()), at);
    }
}
