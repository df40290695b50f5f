package vn.govcomm.publishing.deliveries;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.contracts.events.DeliveryStatusChanged;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.PoisonEventException;
import vn.govcomm.kit.kafka.BatchListeners;

import java.util.ArrayList;
import java.util.List;

/**
 * Feeds the delivery state machine from every channel's delivery.status topic, a batch of records at a time
 * ({@link StatusBatches}: two store round trips per batch). A record that cannot be applied (unreadable, unknown
 * delivery, or early) stops the batch at its index: the records before it are applied and committed, the Kafka
 * error handler deals with that one (dead letter, or the kit's wait for an early one) and the rest come again.
 */
@Component
class DeliveryStatusListener {

    private final StatusBatches statuses;
    private final JsonMapper json;

    DeliveryStatusListener(StatusBatches statuses, JsonMapper json) {
        this.statuses = statuses;
        this.json = json;
    }

    // Every channel of the contracts (infra/deployment-checks evaluates this to derive the Kafka ACLs).
    @KafkaListener(topics = "#{T(vn.govcomm.contracts.EventTypes).deliveryStatusTopics()}",
            groupId = "${govcomm.publishing.consumer-group:notice-publishing-service}.status",
            containerFactory = BatchListeners.FACTORY)
    void on(List<ConsumerRecord<String, byte[]>> records) {
        List<StatusBatches.Status> decoded = new ArrayList<>(records.size());
        RuntimeException unreadable = null;
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                decoded.add(decode(record));
            } catch (RuntimeException e) {
                unreadable = e;
                break;
            }
        }
        try {
            statuses.apply(decoded);
        } catch (StatusBatches.Stopped stopped) {
            throw new BatchListenerFailedException(stopped.getMessage(), stopped.getCause(), stopped.index());
        } catch (RuntimeException e) {
            // e.g. the store went away mid-batch: pinned to the first record, so the error handler's per-record rules
            // apply (an outage is waited for) instead of its whole-batch fallback, which would dead-letter the batch
            // after a few retries; redone from there, the compare-and-sets skip what was already applied
            throw new BatchListenerFailedException(e.getMessage(), e, 0);
        }
        if (unreadable != null) {
            throw new BatchListenerFailedException(unreadable.getMessage(), unreadable, decoded.size());
        }
    }

    private StatusBatches.Status decode(ConsumerRecord<String, byte[]> record) {
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
        return new StatusBatches.Status(report, event.instant(report.occurredAt(), "occurredAt"));
    }
}
