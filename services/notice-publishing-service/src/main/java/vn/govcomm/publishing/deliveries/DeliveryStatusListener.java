package vn.govcomm.publishing.deliveries;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.contracts.events.DeliveryStatusChanged;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.PoisonEventException;

/** Feeds the delivery state machine from every channel's delivery.status topic. */
@Component
class DeliveryStatusListener {

    private final Deliveries deliveries;
    private final JsonMapper json;

    DeliveryStatusListener(Deliveries deliveries, JsonMapper json) {
        this.deliveries = deliveries;
        this.json = json;
    }

    // Every channel of the contracts (infra/deployment-checks evaluates this to derive the Kafka ACLs).
    @KafkaListener(topics = "#{T(vn.govcomm.contracts.EventTypes).deliveryStatusTopics()}", groupId = "${govcomm.publishing.consumer-group:notice-publishing-service}.status")
    void on(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (!EventTypes.DELIVERY_STATUS_CHANGED.equals(event.type())) {
            throw new PoisonEventException("Unexpected event type " + event.type() + " on " + record.topic());
        }
        // the kit's decoding: unreadable data, or a status the contracts do not list, is poison
        DeliveryStatusChanged report = event.data(json, DeliveryStatusChanged.class);
        // the state machine's time: a report that cannot say when it happened is poison too, not "now"
        if (report.deliveryId() == null || report.status() == null || report.occurredAt() == null) {
            throw new PoisonEventException("DeliveryStatusChanged " + event.id()
                    + " without deliveryId, status or occurredAt");
        }
        deliveries.applyStatus(report, event.instant(report.occurredAt(), "occurredAt"));
    }
}
