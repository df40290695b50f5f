package vn.govcomm.kit.delivery;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.EventTypes;
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
                DeliveryRequest request = event.data(json, DeliveryRequest.class);
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
            case EventTypes.DELIVERY_RETRACTED -> adapter.retract(event.data(json, DeliveryRetraction.class));
            default -> throw new PoisonEventException("Unexpected event type " + event.type() + " on " + record.topic());
        }
    }

    private void requireValid(DeliveryRequest request, IncomingEvent event) {
        if (request.deliveryId() == null || request.endpointId() == null || request.externalId() == null
                || request.content() == null || request.attempt() < 1) {
            throw new PoisonEventException("DeliveryRequested " + event.id() + " lacks required fields");
        }
        if (!channel.equals(request.channel())) {
            throw new PoisonEventException("DeliveryRequested " + event.id() + " is for channel " + request.channel()
                    + ", not " + channel);
        }
    }
}
