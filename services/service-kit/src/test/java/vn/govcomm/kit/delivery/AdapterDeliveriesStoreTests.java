package vn.govcomm.kit.delivery;

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
import org.springframework.data.mongodb.core.query.Criteria;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.kit.outbox.OutboxRelay;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** What an adapter's request and its first status cost in the store, and that a stale start never moves a delivery. */
class AdapterDeliveriesStoreTests {

    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final JsonMapper JSON = JsonMapper.builder().build();

    final Map<String, Integer> commands = new ConcurrentHashMap<>();
    MongoClient client;
    MongoTemplate mongo;
    AdapterDeliveries deliveries;

    @BeforeEach
    void setUp() {
        String db = "adapter-" + System.nanoTime();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(MONGO.uri(db)))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        commands.merge(event.getCommandName(), 1, Integer::sum);
                    }
                }).build());
        mongo = new MongoTemplate(client, db);
        // never started: report() only nudges it
        OutboxRelay relay = new OutboxRelay(mongo, null, AdapterDeliveries.COLLECTION, Duration.ofHours(1), 10,
                new SimpleMeterRegistry());
        deliveries = new AdapterDeliveries(mongo, new StatusReports("led", JSON), relay, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @AfterAll
    static void stop() {
        MONGO.close();
    }

    @Test
    void aRequestAndTheStatusReportedRightAfterItCostOneInsertAndOneCompareAndSet() throws IOException {
        DeliveryRequested request = request("dlv-1", 1);
        commands.clear();

        assertThat(deliveries.accept(request, new Document("deliveryId", "dlv-1"))).isTrue();
        assertThat(deliveries.report(StatusReports.DeliveryRef.of(request), DeliveryStatus.PUBLISHED, null, null,
                "item-1", null)).isTrue();

        // was: insert, then a read of what was just inserted, then the compare-and-set
        assertThat(commands).containsExactlyInAnyOrderEntriesOf(Map.of("insert", 1, "update", 1));
        Document stored = mongo.findById("dlv-1", Document.class, AdapterDeliveries.COLLECTION);
        assertThat(stored.getString("status")).isEqualTo("PUBLISHED");
        assertThat(stored.getList(OutboxRelay.FIELD, Document.class)).hasSize(1);
    }

    @Test
    void aStatusReportedAfterTheDeliveryMovedOnStartsFromTheStoreNotFromWhatWasAccepted() throws IOException {
        DeliveryRequested request = request("dlv-2", 1);
        assertThat(deliveries.accept(request, new Document("deliveryId", "dlv-2"))).isTrue();
        // another path (a retraction) cancels it before the channel's answer is reported
        mongo.getCollection(AdapterDeliveries.COLLECTION).updateOne(new Document("_id", "dlv-2"),
                new Document("$set", new Document("status", "CANCELLED")));

        assertThat(deliveries.report(StatusReports.DeliveryRef.of(request), DeliveryStatus.PUBLISHED, null, null,
                "item-2", null)).isFalse();

        Document stored = mongo.findById("dlv-2", Document.class, AdapterDeliveries.COLLECTION);
        assertThat(stored.getString("status")).isEqualTo("CANCELLED");
        assertThat(stored.getList(OutboxRelay.FIELD, Document.class, List.of())).isEmpty();
    }

    @Test
    void aReSentAttemptIsAlsoReportedWithoutAReadAndTheOldAttemptsReportIsRefused() throws IOException {
        DeliveryRequested first = request("dlv-3", 1);
        deliveries.accept(first, new Document("deliveryId", "dlv-3"));
        deliveries.report(StatusReports.DeliveryRef.of(first), DeliveryStatus.FAILED, "DOWN", "down", null, null);
        DeliveryRequested resent = request("dlv-3", 2);
        commands.clear();

        assertThat(deliveries.accept(resent, new Document("deliveryId", "dlv-3"))).isTrue();
        assertThat(deliveries.report(StatusReports.DeliveryRef.of(first), DeliveryStatus.PUBLISHED, null, null,
                "late", null)).as("attempt 1's late proof").isFalse();
        assertThat(deliveries.report(StatusReports.DeliveryRef.of(resent), DeliveryStatus.PUBLISHED, null, null,
                "item-3", null)).isTrue();

        Document stored = mongo.findById("dlv-3", Document.class, AdapterDeliveries.COLLECTION);
        assertThat(stored.getInteger("attempt")).isEqualTo(2);
        assertThat(stored.getString("externalRef")).isEqualTo("item-3");
    }

    @Test
    void aFencedReportMovesOnlyWhileItsFenceHoldsAndOtherwiseWritesNothingWithoutRetrying() throws IOException {
        DeliveryRequested request = request("dlv-4", 1);
        // someone else's change of a field the caller's fence names (a wake of its plan), status left as it was
        Document read = acceptedThenChangedElsewhere(request, new Document("plan.wakes", 1));
        commands.clear();

        assertThat(deliveries.report(StatusReports.DeliveryRef.of(request), DeliveryStatus.PUBLISHED, null, null,
                "item-4", null, read, Criteria.where("plan.wakes").exists(false), update -> update.set("plan.done", true)))
                .as("fence broken").isFalse();

        // one compare-and-set and one read, which found the status as compared: no retry loop, no ConcurrentChange
        assertThat(commands).containsExactlyInAnyOrderEntriesOf(Map.of("update", 1, "find", 1));
        Document stored = mongo.findById("dlv-4", Document.class, AdapterDeliveries.COLLECTION);
        assertThat(stored.getString("status")).isEqualTo("DISPATCHED");
        assertThat(stored.get("plan", Document.class)).isEqualTo(new Document("wakes", 1));
        assertThat(stored.getList(OutboxRelay.FIELD, Document.class, List.of())).isEmpty();

        assertThat(deliveries.report(StatusReports.DeliveryRef.of(request), DeliveryStatus.PUBLISHED, null, null,
                "item-4", null, read, Criteria.where("plan.wakes").is(1), update -> update.set("plan.done", true)))
                .as("fence holds; the stale read costs one retry").isTrue();
        stored = mongo.findById("dlv-4", Document.class, AdapterDeliveries.COLLECTION);
        assertThat(stored.getString("status")).isEqualTo("PUBLISHED");
        assertThat(stored.get("plan", Document.class)).isEqualTo(new Document("wakes", 1).append("done", true));
        assertThat(stored.getList(OutboxRelay.FIELD, Document.class)).hasSize(1);
    }

    @Test
    void aFencedReportOfADeliveryThatMovedOnMeanwhileIsRefusedAsAnUnfencedOneIs() throws IOException {
        DeliveryRequested request = request("dlv-5", 1);
        Document read = acceptedThenChangedElsewhere(request, new Document("status", "CANCELLED"));

        assertThat(deliveries.report(StatusReports.DeliveryRef.of(request), DeliveryStatus.PUBLISHED, null, null,
                "item-5", null, read, Criteria.where("_id").is("dlv-5"), update -> { })).isFalse();
        assertThat(mongo.findById("dlv-5", Document.class, AdapterDeliveries.COLLECTION).getString("status"))
                .isEqualTo("CANCELLED");
    }

    /** Accepts the request, reads the delivery as a caller would, then {@code set}s fields behind the caller's back. */
    private Document acceptedThenChangedElsewhere(DeliveryRequested request, Document set) {
        deliveries.accept(request, new Document("deliveryId", request.deliveryId()));
        Document read = mongo.findById(request.deliveryId(), Document.class, AdapterDeliveries.COLLECTION);
        mongo.getCollection(AdapterDeliveries.COLLECTION).updateOne(new Document("_id", request.deliveryId()),
                new Document("$set", set));
        return read;
    }

    private static DeliveryRequested request(String deliveryId, int attempt) throws IOException {
        try (InputStream in = AdapterDeliveriesStoreTests.class.getClassLoader()
                .getResourceAsStream("contracts/examples/delivery-requested.json")) {
            ObjectNode example = (ObjectNode) JSON.readTree(in);
            example.put("deliveryId", deliveryId).put("attempt", attempt);
            return JSON.treeToValue(example, DeliveryRequested.class);
        }
    }
}
