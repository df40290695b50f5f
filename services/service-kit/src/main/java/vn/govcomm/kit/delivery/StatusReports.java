package vn.govcomm.kit.delivery;

import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.events.OutgoingEvent;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds DeliveryStatusChanged events (contracts/schemas/delivery-status-changed.v1.json) for one channel
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
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deliveryId", delivery.deliveryId());
        data.put("campaignId", delivery.campaignId());
        data.put("agencyId", delivery.agencyId());
        data.put("channel", channel);
        data.put("endpointId", delivery.endpointId());
        data.put("status", status.name());
        data.put("attempt", delivery.attempt());
        if (reasonCode != null) data.put("reasonCode", reasonCode);
        if (reason != null) data.put("reason", reason);
        if (externalRef != null) data.put("externalRef", externalRef);
        if (permalink != null) data.put("permalink", permalink);
        data.put("occurredAt", at.toString());
        return OutgoingEvent.of(topic(), delivery.deliveryId(), EventTypes.DELIVERY_STATUS_CHANGED, source, delivery.deliveryId(), SCHEMA, at,
                json.writeValueAsString(data));
    }

    /** The identifying part of a delivery every status event repeats. */
    public record DeliveryRef(String deliveryId, String campaignId, String agencyId, String endpointId, int attempt) {
        public static DeliveryRef of(DeliveryRequest r) {
            return new DeliveryRef(r.deliveryId(), r.campaignId(), r.agencyId(), r.endpointId(), r.attempt());
        }
    }
}
