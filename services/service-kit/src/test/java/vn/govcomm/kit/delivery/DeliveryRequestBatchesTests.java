package vn.govcomm.kit.delivery;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.DeliveryRetracted;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.kit.events.PoisonEventException;
import vn.govcomm.kit.outbox.OutboxRelay;
import vn.govcomm.kit.testing.StoreCommandCounter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The batch intake ({@link DeliveryRequestDispatcher#dispatch(List, ChannelAdapter)}) on a real store: one bulk
 * insert per run of requests, redeliveries told apart, a failing record named by its index with everything before
 * it done, retractions in their place, and {@link AdapterDeliveries#reportAll} as one bulk of compare-and-sets.
 */
class DeliveryRequestBatchesTests {

    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String CHANNEL = "led"; // the contracts' example is an LED delivery

    final String run = "dlv-b-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    final StoreCommandCounter counter = new StoreCommandCounter(Set.of(AdapterDeliveries.COLLECTION), Set.of(run));
    final List<String> calls = new ArrayList<>();
    MongoClient client;
    MongoTemplate mongo;
    AdapterDeliveries deliveries;
    DeliveryRequestDispatcher dispatcher;
    long offset;

    /** Records what it is asked, in order; a delivery id ending in "-fails" fails its publication. */
    final ChannelAdapter batchAdapter = new ChannelAdapter() {
        @Override
        public void publish(DeliveryRequested request) {
            throw new AssertionError("one at a time: " + request.deliveryId());
        }

        @Override
        public void publishAll(List<DeliveryRequested> requests, Waits waits) {
            calls.add("publishAll " + requests.stream().map(r -> r.deliveryId().substring(run.length())).toList());
            deliveries.reportAll(requests.stream().map(r -> new AdapterDeliveries.Report(StatusReports.DeliveryRef.of(r),
                    DeliveryStatus.ACCEPTED, null, null, r.deliveryId(), null)).toList());
        }

        @Override
        public void redelivered(DeliveryRequested request, AdapterDeliveries.Stored stored) {
            calls.add("redelivered " + request.deliveryId().substring(run.length()) + " " + stored.status());
        }

        @Override
        public void retract(DeliveryRetracted retraction) {
            calls.add("retract " + retraction.deliveryId().substring(run.length()));
        }
    };

    /** Only the one-at-a-time methods, as the adapters that were not changed. */
    final ChannelAdapter oneAtATime = new ChannelAdapter() {
        @Override
        public void publish(DeliveryRequested request) {
            calls.add("publish " + request.deliveryId().substring(run.length()));
            if (request.deliveryId().endsWith("-fails")) {
                throw new IllegalStateException("channel bug");
            }
        }

        @Override
        public void retract(DeliveryRetracted retraction) {
            calls.add("retract " + retraction.deliveryId().substring(run.length()));
        }
    };

    @BeforeEach
    void setUp() {
        String db = "batches-" + System.nanoTime();
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(MONGO.uri(db))).addCommandListener(counter).build());
        mongo = new MongoTemplate(client, db);
        OutboxRelay relay = new OutboxRelay(mongo, null, AdapterDeliveries.COLLECTION, Duration.ofHours(1), 10,
                new SimpleMeterRegistry()); // never started: reports only nudge it
        deliveries = new AdapterDeliveries(mongo, new StatusReports(CHANNEL, JSON), relay, Clock.systemUTC());
        DeliveryRetries retries = new DeliveryRetries(mongo, deliveries, () -> batchAdapter, JSON,
                new SimpleMeterRegistry(), CHANNEL, DeliveryRetries.Settings.defaults(), Clock.systemUTC());
        dispatcher = new DeliveryRequestDispatcher(deliveries, retries, JSON, CHANNEL);
        counter.reset();
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
    void aBatchIsRecordedWithOneBulkInsertAndReportedWithOneBulkWrite() {
        dispatcher.dispatch(List.of(request("a", 1), request("b", 1), request("c", 1)), batchAdapter);

        assertThat(calls).containsExactly("publishAll [a, b, c]");
        assertThat(counter.breakdown()).containsOnlyKeys("deliveries insert", "deliveries update")
                .containsValues(1L, 1L);
        for (String id : List.of("a", "b", "c")) {
            Document stored = mongo.findById(run + id, Document.class, AdapterDeliveries.COLLECTION);
            assertThat(stored.getString("status")).isEqualTo("ACCEPTED");
            assertThat(stored.getList("outbox", Document.class)).hasSize(1);
        }
    }

    @Test
    void aRedeliveredBatchIsNotPublishedAgainAndAReSendInItIs() {
        dispatcher.dispatch(List.of(request("a", 1), request("b", 1)), batchAdapter);
        calls.clear();

        dispatcher.dispatch(List.of(request("a", 1), request("b", 2)), batchAdapter);

        assertThat(calls).containsExactly("redelivered a ACCEPTED", "publishAll [b]");
        Document a = mongo.findById(run + "a", Document.class, AdapterDeliveries.COLLECTION);
        assertThat(a.getList("outbox", Document.class)).as("one status event, never a second one").hasSize(1);
        Document b = mongo.findById(run + "b", Document.class, AdapterDeliveries.COLLECTION);
        assertThat(b.getInteger("attempt")).isEqualTo(2);
        assertThat(b.getList("outbox", Document.class)).hasSize(2);
    }

    @Test
    void aPoisonRecordStopsTheBatchAtItsIndexAfterTheRecordsBeforeItAreDone() {
        ConsumerRecord<String, byte[]> poison = record(EventTypes.DELIVERY_REQUESTED,
                example(EventTypes.DELIVERY_REQUESTED, run + "p", 1).replace("\"attempt\": 1", "\"attempt\": 0"));

        assertThatThrownBy(() -> dispatcher.dispatch(List.of(request("a", 1), request("b", 1), poison, request("c", 1)),
                batchAdapter))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(2))
                .hasCauseInstanceOf(PoisonEventException.class);
        assertThat(calls).containsExactly("publishAll [a, b]");
        assertThat(mongo.findById(run + "c", Document.class, AdapterDeliveries.COLLECTION)).as("comes again").isNull();
    }

    @Test
    void retractionsKeepTheirPlaceAmongTheRequestsAndASecondRecordOfADeliveryStartsANewRun() {
        dispatcher.dispatch(List.of(request("a", 1), request("b", 1), retraction("a"), request("c", 1),
                request("c", 2)), batchAdapter);

        assertThat(calls).containsExactly("publishAll [a, b]", "retract a", "publishAll [c]", "publishAll [c]");
        assertThat(mongo.findById(run + "c", Document.class, AdapterDeliveries.COLLECTION).getInteger("attempt"))
                .isEqualTo(2);
    }

    @Test
    void theDefaultPublishesOneAtATimeAndAFailureNamesItsRecordWhoseSuccessorsComeAgainAsRedeliveries() {
        List<ConsumerRecord<String, byte[]>> batch = List.of(request("a", 1), request("b-fails", 1), request("c", 1));

        assertThatThrownBy(() -> dispatcher.dispatch(batch, oneAtATime))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(1))
                .hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(calls).containsExactly("publish a", "publish b-fails");
        calls.clear();

        // the error handler redelivers from the failed record on: recorded already, not published blindly again
        dispatcher.dispatch(batch.subList(2, 3), batchAdapter);
        assertThat(calls).containsExactly("redelivered c DISPATCHED");
    }

    @Test
    void aReportWhoseCompareAndSetLostIsRedoneAndNeverMovesADeliveryTwice() {
        dispatcher.dispatch(List.of(request("a", 1)), oneAtATime); // accepted: its hint says DISPATCHED
        DeliveryRequested a = JSON.readValue(example(EventTypes.DELIVERY_REQUESTED, run + "a", 1), DeliveryRequested.class);
        deliveries.report(StatusReports.DeliveryRef.of(a), DeliveryStatus.RETRYING, "X", "x", null, null,
                mongo.findById(run + "a", Document.class, AdapterDeliveries.COLLECTION)); // another report came first

        deliveries.reportAll(List.of(new AdapterDeliveries.Report(StatusReports.DeliveryRef.of(a), DeliveryStatus.ACCEPTED,
                null, null, "ref", null)));

        Document stored = mongo.findById(run + "a", Document.class, AdapterDeliveries.COLLECTION);
        assertThat(stored.getString("status")).isEqualTo("ACCEPTED");
        assertThat(stored.getList("outbox", Document.class)).as("RETRYING, then ACCEPTED once").hasSize(2);
    }

    private ConsumerRecord<String, byte[]> request(String id, int attempt) {
        return record(EventTypes.DELIVERY_REQUESTED, example(EventTypes.DELIVERY_REQUESTED, run + id, attempt));
    }

    private ConsumerRecord<String, byte[]> retraction(String id) {
        return record(EventTypes.DELIVERY_RETRACTED, example(EventTypes.DELIVERY_RETRACTED, run + id, 1));
    }

    private static String example(String type, String deliveryId, int attempt) {
        String example = Contracts.get().example(type);
        DeliveryRequested sample = JSON.readValue(Contracts.get().example(EventTypes.DELIVERY_REQUESTED),
                DeliveryRequested.class);
        return example.replace(sample.deliveryId(), deliveryId).replace("\"attempt\": 1", "\"attempt\": " + attempt);
    }

    private ConsumerRecord<String, byte[]> record(String type, String data) {
        ProducerRecord<String, byte[]> sent = EventPublisher.toRecord(OutgoingEvent.of(
                EventTypes.deliveryRequestsTopic(CHANNEL), "so-y-te.led-1", type, "/services/notice-publishing-service",
                UUID.randomUUID().toString(), null, Instant.now(), data));
        ConsumerRecord<String, byte[]> received = new ConsumerRecord<>(sent.topic(), 0, offset++, sent.key(), sent.value());
        sent.headers().forEach(h -> received.headers().add(h));
        return received;
    }
}
