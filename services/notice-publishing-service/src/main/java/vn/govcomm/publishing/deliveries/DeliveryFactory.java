package vn.govcomm.publishing.deliveries;

import org.bson.Document;
import tools.jackson.databind.json.JsonMapper;
import vn.govcomm.contracts.Channels;
import vn.govcomm.contracts.Contracts;
import vn.govcomm.contracts.EventTypes;
import vn.govcomm.kit.events.OutgoingEvent;
import vn.govcomm.publishing.publications.Rendering;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builds DeliveryRequested (contracts/schemas/delivery-requested.v1.json) and DeliveryRetracted
 * (delivery-retracted.v1.json) events. Their ce_id is derived from the delivery id, attempt and kind, so an
 * event re-sent after a crash carries the same dedupe key as the first copy.
 */
final class DeliveryFactory {

    private static final String SCHEMA_REQUESTED = Contracts.get().contract(EventTypes.DELIVERY_REQUESTED).dataschema();
    private static final String SCHEMA_RETRACTED = Contracts.get().contract(EventTypes.DELIVERY_RETRACTED).dataschema();
    static final String SOURCE = "/services/notice-publishing-service";

    private final JsonMapper json;

    DeliveryFactory(JsonMapper json) {
        this.json = json;
    }

    static String eventId(String kind, String deliveryId, int attempt) {
        return UUID.nameUUIDFromBytes((kind + "|" + deliveryId + "|" + attempt).getBytes(StandardCharsets.UTF_8)).toString();
    }

    Map<String, Object> requestedData(Document campaign, Rendering.Renderer renderer, String agencyId, String channel,
                                      Document endpoint, int attempt, Instant now) {
        String campaignId = campaign.getString("campaignId");
        int version = campaign.getInteger("version");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deliveryId", Deliveries.deliveryId(campaignId, version, agencyId, endpoint.getString("endpointId")));
        data.put("campaignId", campaignId);
        putIfPresent(data, "campaignCode", campaign.getString("code"));
        putIfPresent(data, "issuingAgencyId", campaign.getString("issuingAgencyId"));
        data.put("noticeVersion", version);
        data.put("agencyId", agencyId);
        data.put("channel", channel);
        data.put("endpointId", endpoint.getString("endpointId"));
        data.put("externalId", endpoint.getString("externalId"));
        putIfPresent(data, "endpointName", endpoint.getString("displayName"));
        data.put("content", renderer.render(channel, endpoint));
        data.put("window", campaign.get("window"));
        // when the agency must have published: the campaign's deadline, else the window end
        Object deadline = campaign.get("deadline");
        data.put("deadline", deadline != null ? deadline : campaign.get("window", Document.class).get("endsAt"));
        data.put("publishAt", campaign.getString("publishAt"));
        data.put("priority", campaign.getString("priority"));
        if (Channels.LED.equals(channel) && campaign.get("ledSchedule") != null) {
            data.put("ledSchedule", campaign.get("ledSchedule"));
        }
        data.put("attempt", attempt);
        data.put("occurredAt", now.toString());
        return data;
    }

    private static void putIfPresent(Map<String, Object> data, String field, String value) {
        if (value != null && !value.isBlank()) {
            data.put(field, value);
        }
    }

    OutgoingEvent requested(Map<String, Object> data, Instant now) {
        String deliveryId = (String) data.get("deliveryId");
        return new OutgoingEvent(eventId("requested", deliveryId, (Integer) data.get("attempt")),
                EventTypes.deliveryRequestsTopic((String) data.get("channel")), (String) data.get("endpointId"),
                EventTypes.DELIVERY_REQUESTED, SOURCE, deliveryId, SCHEMA_REQUESTED, now, json.writeValueAsString(data));
    }

    /** A retraction of a stored delivery; same topic and key as its requests, so it is ordered after them. */
    OutgoingEvent retracted(Document delivery, String reason, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        String deliveryId = delivery.getString("_id");
        data.put("deliveryId", deliveryId);
        data.put("campaignId", delivery.getString("campaignId"));
        data.put("agencyId", delivery.getString("agencyId"));
        data.put("channel", delivery.getString("channel"));
        data.put("endpointId", delivery.getString("endpointId"));
        data.put("externalId", delivery.getString("externalId"));
        data.put("reason", reason);
        data.put("occurredAt", now.toString());
        return new OutgoingEvent(eventId("retracted:" + reason, deliveryId, delivery.getInteger("attempt", 1)),
                EventTypes.deliveryRequestsTopic(delivery.getString("channel")), delivery.getString("endpointId"),
                EventTypes.DELIVERY_RETRACTED, SOURCE, deliveryId, SCHEMA_RETRACTED, now, json.writeValueAsString(data));
    }
}
