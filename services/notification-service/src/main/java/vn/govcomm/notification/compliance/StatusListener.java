package vn.govcomm.notification.compliance;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.delivery.DeliveryStatus;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.PoisonEventException;
import vn.govcomm.notification.kafka.Batches;
import vn.govcomm.notification.kafka.NotificationTopics;
import vn.govcomm.notification.kafka.Payloads;

import java.util.List;

/** delivery.status.<channel> for every channel of {@link Channels#ALL}, in batches (one read, one bulk write each). */
@Component
class StatusListener {

    private final DeliveryRows rows;
    private final JsonMapper json;

    StatusListener(DeliveryRows rows, JsonMapper json) {
        this.rows = rows;
        this.json = json;
    }

    @KafkaListener(topics = "#{T(vn.govcomm.contracts.EventTypes).deliveryStatusTopics()}",
            containerFactory = NotificationTopics.BATCH_FACTORY,
            groupId = "${govcomm.notifications.group-prefix:notification-service}.status")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        Batches.apply(records, this::parse, rows::apply);
    }

    DeliveryRows.StatusChange parse(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (!EventTypes.DELIVERY_STATUS_CHANGED.equals(event.type())) {
            throw new PoisonEventException("Unexpected event type " + event.type() + " on " + record.topic());
        }
        JsonNode data = Payloads.object(event, json);
        String channel = Payloads.required(event, data, "channel");
        if (!Channels.isKnown(channel)) {
            throw new PoisonEventException("DeliveryStatusChanged " + event.id() + " for unknown channel " + channel);
        }
        DeliveryStatus status;
        try {
            status = DeliveryStatus.valueOf(Payloads.required(event, data, "status"));
        } catch (IllegalArgumentException unknown) {
            throw new PoisonEventException("DeliveryStatusChanged " + event.id() + " with unknown status", unknown);
        }
        int attempt = data.path("attempt").asInt(1);
        return new DeliveryRows.StatusChange(Payloads.required(event, data, "deliveryId"),
                Payloads.required(event, data, "campaignId"), Payloads.required(event, data, "agencyId"), channel,
                status, Math.max(attempt, 1), Batches.occurredAt(event, Payloads.text(data, "occurredAt")));
    }
}
