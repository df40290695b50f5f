package vn.govcomm.kit.delivery;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.DeliveryRetracted;
import vn.govcomm.kit.events.IncomingEvent;
import vn.govcomm.kit.events.PoisonEventException;

/**
 * Turns a record of {@code delivery.requests.<channel>} into calls on the channel adapter: validates the
 * envelope, records the request before anything is sent (so a crash mid-call leaves a trace), and tells
 * redeliveries apart from new attempts. A channel that cannot take the delivery now ({@link RetryLater}) makes it
 * wait durably in {@link DeliveryRetries}; the record is committed either way.
 */
public class DeliveryRequestDispatcher {

    private final AdapterDeliveries deliveries;
    private final DeliveryRetries retries;
    private final JsonMapper json;
    private final String channel;

    public DeliveryRequestDispatcher(AdapterDeliveries deliveries, DeliveryRetries retries, JsonMapper json,
                                     String channel) {
        this.deliveries = deliveries;
        this.retries = retries;
        this.json = json;
        this.channel = channel;
    }

    public void dispatch(ConsumerRecord<String, byte[]> record, ChannelAdapter adapter) {
        IncomingEvent event = IncomingEvent.from(record);
        switch (event.type()) {
            case EventTypes.DELIVERY_REQUESTED -> {
                DeliveryRequested request = event.data(json, DeliveryRequested.class);
                requireValid(request, event);
                try {
                    if (deliveries.accept(request, Document.parse(event.dataAsString()))) {
                        adapter.publish(request);
                    } else {
                        deliveries.find(request.deliveryId()).ifPresent(stored -> adapter.redelivered(request, stored));
                    }
                } catch (RetryLater later) {
                    // Not Kafka's business: the record is done, the delivery waits on its document (DeliveryRetries).
                    retries.schedule(request, later);
                }
            }
            case EventTypes.DELIVERY_RETRACTED -> adapter.retract(retraction(event));
            default -> throw new PoisonEventException("Unexpected event type " + event.type() + " on " + record.topic());
        }
    }

    /**
     * What every adapter relies on: the ids, the content, and the numbers adapters key and count with (the record's
     * boxed {@code noticeVersion} and {@code attempt}, required by the schema, are never null past this point).
     */
    private void requireValid(DeliveryRequested request, IncomingEvent event) {
        if (request.deliveryId() == null || request.endpointId() == null || request.externalId() == null
                || request.content() == null || request.noticeVersion() == null
                || request.attempt() == null || request.attempt() < 1) {
            throw new PoisonEventException("DeliveryRequested " + event.id() + " lacks required fields");
        }
        if (!channel.equals(request.channel())) {
            throw new PoisonEventException("DeliveryRequested " + event.id() + " is for channel " + request.channel()
                    + ", not " + channel);
        }
    }

    /** Adapters find the delivery by its id and report the reason (never null past this point) as the reason code. */
    private DeliveryRetracted retraction(IncomingEvent event) {
        DeliveryRetracted retraction = event.data(json, DeliveryRetracted.class);
        if (retraction.deliveryId() == null || retraction.reason() == null) {
            throw new PoisonEventException("DeliveryRetracted " + event.id() + " lacks required fields");
        }
        return retraction;
    }
}
