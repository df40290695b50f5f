package vn.govcomm.notification.compliance;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.contracts.events.DeliveryStatusChanged;
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
        DeliveryStatusChanged data = event.data(json, DeliveryStatusChanged.class);
        String channel = Payloads.required(event, data.channel(), "channel");
        if (!Channels.isKnown(channel)) {
            throw new PoisonEventException("DeliveryStatusChanged " + event.id() + " for unknown channel " + channel);
        }
        if (data.status() == null) {
            throw new PoisonEventException("DeliveryStatusChanged " + event.id() + " without status");
        }
        int attempt = data.attempt() == null ? 1 : data.attempt();
        return new DeliveryRows.StatusChange(Payloads.required(event, data.deliveryId(), "deliveryId"),
                Payloads.required(event, data.campaignId(), "campaignId"),
                Payloads.required(event, data.agencyId(), "agencyId"), channel, DeliveryStatus.of(data.status()),
                Math.max(attempt, 1), event.occurredAt(data.occurredAt()));
    }
}
