package vn.govcomm.reporting.projections;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.bson.Document;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.embedded.EmbeddedMongo;
import vn.govcomm.kit.events.EventPublisher;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.kit.events.PoisonEventException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The delivery listeners' batch contract with the kit's error handler (no Spring, no broker): a bad record stops the
 * batch there, what came before it is applied, and the failure names it by its index.
 */
class ReportingListenersTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String TOPIC = EventTypes.deliveryStatusTopic(Channels.PORTAL);

    static final EmbeddedMongo MONGO = EmbeddedMongo.inMemory();
    static final MongoClient CLIENT = MongoClients.create(MONGO.uri(""));

    @AfterAll
    static void close() {
        CLIENT.close();
        MONGO.close();
    }

    final MongoTemplate mongo = new MongoTemplate(CLIENT, "listeners");
    final ReportingListeners listeners = new ReportingListeners(new DeliveryProjection(mongo), null, null, null, JSON);
    final List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();

    void status(String deliveryId, String status) {
        ObjectNode data = (ObjectNode) JSON.readTree(Contracts.get().example(EventTypes.DELIVERY_STATUS_CHANGED));
        data.put("deliveryId", deliveryId).put("campaignId", "cmp-listeners").put("agencyId", "so-y-te")
                .put("channel", Channels.PORTAL).put("endpointId", "so-y-te.portal").put("status", status);
        data.remove("reasonCode");
        data.remove("reason");
        add(TOPIC, EventTypes.DELIVERY_STATUS_CHANGED, data.toString());
    }

    void add(String topic, String type, String json) {
        ProducerRecord<String, byte[]> sent = EventPublisher.toRecord(OutgoingEvent.of(topic, "same-key", type, "/test",
                "same-key", null, Instant.now(), json));
        batch.add(new ConsumerRecord<>(topic, 0, batch.size(), 0L, TimestampType.CREATE_TIME, -1, -1, sent.key(),
                sent.value(), sent.headers(), Optional.empty()));
    }

    String statusOf(String deliveryId) {
        Document row = mongo.findById(deliveryId, Document.class, ReadModels.DELIVERIES);
        return row == null ? null : row.getString("status");
    }

    @Test
    void aPoisonRecordInTheMiddleOfABatchIsNamedByItsIndexAfterTheRecordsBeforeItAreApplied() {
        status("dlv-l-1", "ACCEPTED");
        status("dlv-l-1", "PUBLISHED");
        status("dlv-l-2", "VANISHED"); // a status the contract does not list
        status("dlv-l-3", "PUBLISHED");

        assertThatThrownBy(() -> listeners.onStatuses(batch)).isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
            assertThat(e.getIndex()).isEqualTo(2);
            assertThat(e.getCause()).isInstanceOf(PoisonEventException.class);
        });
        assertThat(statusOf("dlv-l-1")).isEqualTo("PUBLISHED");
        assertThat(statusOf("dlv-l-2")).isNull();
        assertThat(statusOf("dlv-l-3")).as("after the poison: fetched again by the container").isNull();

        listeners.onStatuses(batch.subList(3, 4)); // what the container hands over next
        assertThat(statusOf("dlv-l-3")).isEqualTo("PUBLISHED");
    }

    @Test
    void anEnvelopeOrTypeTheTopicDoesNotTakeIsNamedByItsIndexBehindARetraction() {
        add(EventTypes.deliveryRequestsTopic(Channels.PORTAL), EventTypes.DELIVERY_RETRACTED,
                Contracts.get().example(EventTypes.DELIVERY_RETRACTED));
        add(EventTypes.deliveryRequestsTopic(Channels.PORTAL), EventTypes.DELIVERY_STATUS_CHANGED,
                Contracts.get().example(EventTypes.DELIVERY_STATUS_CHANGED));
        assertThatThrownBy(() -> listeners.onRequests(batch))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> assertThat(e.getIndex()).isEqualTo(1));
    }
}
