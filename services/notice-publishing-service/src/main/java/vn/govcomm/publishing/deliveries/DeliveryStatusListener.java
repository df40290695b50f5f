package vn.govcomm.publishing.deliveries;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.PoisonEventException;

import java.time.Instant;

/** Feeds the delivery state machine from every channel's delivery.status topic. */
@Component
class DeliveryStatusListener {

    private final Deliveries deliveries;

    DeliveryStatusListener(Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    // Every channel of the contracts (infra/deployment-checks evaluates this to derive the Kafka ACLs).
    @KafkaListener(topics = "#{T(vn.govcomm.contracts.EventTypes).deliveryStatusTopics()}", groupId = "${govcomm.publishing.consumer-group:notice-publishing-service}.status")
    void on(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        // the kit's decoding: another type, or data that is not a JSON object, is poison
        Document report = event.document(EventTypes.DELIVERY_STATUS_CHANGED);
        DeliveryStatus status;
        try {
            status = DeliveryStatus.valueOf(report.getString("status"));
            Instant.parse(report.getString("occurredAt"));
            if (report.getString("deliveryId") == null) {
                throw new IllegalArgumentException("no deliveryId");
            }
        } catch (RuntimeException e) {
            throw new PoisonEventException("Unreadable status event " + event.id() + ": " + e.getMessage(), e);
        }
        deliveries.applyStatus(report.getString("deliveryId"), status, report.getInteger("attempt", 1), report);
    }
}
