package vn.govcomm.kit.delivery;

import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.contracts.events.DeliveryRequested;
import vn.govcomm.contracts.events.DeliveryStatusChanged;
import vn.govcomm.kit.events.OutgoingEvent;

import java.time.Instant;

/**
 * Builds DeliveryStatusChanged events (the contracts' {@link DeliveryStatusChanged} record) for one channel
 * adapter, the single writer of {@code delivery.status.<channel>}.
 */
public class StatusReports {

    private static final String SCHEMA = Contracts.get().contract(EventTypes.DELIVERY_STATUS_CHANGED).dataschema();

    private final String channel;
    private final String source;
    private final JsonMapper json;

    public StatusReports(String channel, JsonMapper json) {
        this.channel = channel;
        this.source = "/services/" + channel + "-adapter";
        this.json = json;
    }

    public String topic() {
        return EventTypes.deliveryStatusTopic(channel);
    }

    /** A status observed for a delivery; reasonCode/reason/externalRef/permalink may be null. */
    public OutgoingEvent report(DeliveryRef delivery, DeliveryStatus status, String reasonCode, String reason,
                                String externalRef, String permalink, Instant at) {
        DeliveryStatusChanged data = new DeliveryStatusChanged(delivery.deliveryId(), delivery.campaignId(),
                delivery.agencyId(), channel, delivery.endpointId(), status.wire(), delivery.attempt(), reasonCode, reason,
                externalRef, permalink, at.toString());
        return OutgoingEvent.of(topic(), delivery.deliveryId(), EventTypes.DELIVERY_STATUS_CHANGED, source,
                delivery.deliveryId(), SCHEMA, at, json.writeValueAsString(data));
    }

    /** The identifying part of a delivery every status event repeats. */
    public record DeliveryRef(String deliveryId, String campaignId, String agencyId, String endpointId, int attempt) {
        public static DeliveryRef of(DeliveryRequested r) {
            return new DeliveryRef(r.deliveryId(), r.campaignId(), r.agencyId(), r.endpointId(), r.attempt());
        }
    }
}
